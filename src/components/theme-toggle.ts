/** The theme switch: system → light → dark, remembered in localStorage; shown only when script runs. */

const THEMES = ['system', 'light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/** Reads the saved choice. */
function savedTheme(): Theme {
  try {
    const value = localStorage.getItem('theme');
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Applies a choice to the document and remembers it. */
function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === 'system') localStorage.removeItem('theme');
    else localStorage.setItem('theme', theme);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}

/** Wires every `[data-theme-toggle]` button and reveals it. */
export function setUpThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    let theme = savedTheme();
    button.textContent = `Theme: ${theme}`;
    button.hidden = false;
    button.addEventListener('click', () => {
      theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
      applyTheme(theme);
      button.textContent = `Theme: ${theme}`;
    });
  }
}
