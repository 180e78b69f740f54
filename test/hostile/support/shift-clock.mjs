// Preloaded into a build with `node --import`: moves the process's clock by CLOCK_SHIFT_DAYS days, so a test can prove
// that no build-time clock reaches the output (a second build "on another day").
const shift = Number(process.env.CLOCK_SHIFT_DAYS ?? 0) * 86_400_000;
const RealDate = globalThis.Date;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...args);
  }

  static now() {
    return RealDate.now() + shift;
  }
}

globalThis.Date = ShiftedDate;
