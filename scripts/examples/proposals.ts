/**
 * The example proposals this repository ships, as a contributor would make them: edits committed on a branch at the
 * v3.23 release, one branch state per version, each turned into a series by `policy series` and stored by
 * `policy import`. `npm run examples` replays this; test/proposals/examples.test.ts holds the shipped files to it.
 */

/** One edit of a file: `find` must occur exactly once, and becomes `replace`. */
export interface ExampleEdit {
  file: string;
  find: string;
  replace: string;
}

/** One commit of a version's branch. */
export interface ExampleCommit {
  /** Author and commit date, RFC 2822. */
  date: string;
  /** Subject line, a blank line, then the body; the Signed-off-by is added. */
  message: string;
  edits: ExampleEdit[];
}

/** One version (round) of a proposal. */
export interface ExampleVersion {
  /** When the cover letter was sent, RFC 2822. */
  sent: string;
  /** Title (first paragraph) and blurb of the cover letter, as `policy series --cover` reads them. */
  cover: string;
  commits: ExampleCommit[];
  /** Replies on the list, in the order sent: each answers the cover letter (0) or patch k of this version. */
  replies?: ExampleReply[];
}

/** One reply on the list, as a reviewer's mail client sends it. */
export interface ExampleReply {
  from: string;
  date: string;
  /** The mail it answers: 0 for the cover letter, k for patch k. */
  patch: number;
  body: string;
}

/** A proposal and its versions. */
export interface ExampleProposal {
  slug: string;
  /** The policy version the branch starts from: the commit of that release. */
  baseVersion: string;
  versions: ExampleVersion[];
}

/** Who sends the examples. */
export const EXAMPLE_AUTHOR = { name: 'Example Contributor', email: 'contributor@example.org' };

const SPECIFIC = 'content/policy/specific-process.md';
const EMBARGO = 'content/policy/handling-of-embargoed-information.md';

const spellingProcess: ExampleCommit = {
  date: 'Fri, 20 Nov 2026 10:00:00 +0000',
  message: 'Fix spelling mistakes in the specific process\n\n"controverial" and "xen-annnounce" are misspelt in the steps of the\nprocess; the list is called xen-announce.',
  edits: [
    { file: SPECIFIC, find: 'xen-users and xen-annnounce and', replace: 'xen-users and xen-announce and' },
    { file: SPECIFIC, find: 'potentially controverial decisions', replace: 'potentially controversial decisions' },
  ],
};

const spellingWords: ExampleEdit[] = [
  { file: EMBARGO, find: 'The existance of an issue', replace: 'The existence of an issue' },
  { file: 'content/policy/pre-disclosure-list.md', find: 'will most likey be rejected', replace: 'will most likely be rejected' },
  { file: 'content/policy/change-history.md', find: '**v1.0 Dec 2011:** Intial document', replace: '**v1.0 Dec 2011:** Initial document' },
];

const cveNote: ExampleCommit = {
  date: 'Wed, 18 Nov 2026 14:00:00 +0000',
  message:
    'Move the CVE note into the forbidden disclosures\n\nThe note at the end of the section says that the CVE number may no\nlonger be disclosed during an embargo, and gives the history of that\nrule. As the XSA-108 post-mortem proposed, the rule belongs in the list\nof things list members must not make available, as a new bullet point;\nthe history is not needed in the policy itself.',
  edits: [
    { file: EMBARGO, find: '-   patched software (even in binary form)\n', replace: '-   patched software (even in binary form)\n-   CVE number(s)\n' },
    {
      file: EMBARGO,
      find: '\n\n_NOTE:_ Prior v2.2 of this policy (25 June 2014) it was permitted to also make available the allocated CVE number. This is no longer permitted in accordance with MITRE policy.',
      replace: '',
    },
  ],
};

const cveBlurb =
  'This is an example proposal, drawn from section IV of the XSA-108\nprocess post-mortem mail ("Fixes which seem to have rough consensus as\nthey were"): the note about CVE numbers becomes a bullet point in the\nlist of forbidden disclosures, and the historical note goes.';

/** The shipped examples: (a) spelling fixes in two rounds, (b) a substantive change drawn from the XSA-108 mail. */
export const EXAMPLE_PROPOSALS: ExampleProposal[] = [
  {
    slug: 'fix-spelling-mistakes',
    baseVersion: '3.23',
    versions: [
      {
        sent: 'Fri, 20 Nov 2026 10:10:00 +0000',
        cover: 'Fix spelling mistakes\n\nThis series fixes spelling mistakes in the policy text.',
        commits: [
          spellingProcess,
          {
            date: 'Fri, 20 Nov 2026 10:05:00 +0000',
            message: 'Fix spelling of existence, likely and initial\n\nThree misspelt words in the pre-disclosure sections and the change\nhistory.',
            edits: spellingWords,
          },
        ],
      },
      {
        sent: 'Tue, 24 Nov 2026 09:10:00 +0000',
        cover:
          'Fix spelling mistakes\n\nThis series fixes spelling mistakes in the policy text. This round also\nremoves a stray word and fixes the stale "(b)-(f)" reference in step 3.5\nof the specific process, which should read "(1)-(4)".',
        commits: [
          spellingProcess,
          {
            date: 'Tue, 24 Nov 2026 09:00:00 +0000',
            message:
              'Fix existence, likely, initial and a stray word\n\nThree misspelt words in the pre-disclosure sections and the change\nhistory, and a stray "to" in "the requirements to regarding\nconfidentiality" in the application process.',
            edits: [
              ...spellingWords,
              {
                file: 'content/policy/predisclosure-list-membership-application-process.md',
                find: 'the requirements to regarding confidentiality',
                replace: 'the requirements regarding confidentiality',
              },
            ],
          },
          {
            date: 'Tue, 24 Nov 2026 09:05:00 +0000',
            message:
              'Fix the stale reference in step 3.5\n\nStep 3.5 says the advisory includes "information from (b)-(f)", a\nlettering the list no longer has: its items are numbered 1 to 5, and\nstep 5 is writing the advisory itself. The advisory carries what steps\n1 to 4 produce: the CVE number, other affected projects, the patches\nand the vulnerable configurations, so the reference is (1)-(4).',
            edits: [{ file: SPECIFIC, find: 'including information from (b)-(f)', replace: 'including information from (1)-(4)' }],
          },
        ],
        replies: [
          {
            from: 'Example Reviewer <reviewer@example.org>',
            date: 'Tue, 24 Nov 2026 15:00:00 +0000',
            patch: 3,
            body: '> -including information from (b)-(f)\n> +including information from (1)-(4)\n\nRight: the advisory carries what steps 1 to 4 produce.\n\nReviewed-by: Example Reviewer <reviewer@example.org>',
          },
          {
            from: 'Example Maintainer <maintainer@example.org>',
            date: 'Wed, 25 Nov 2026 09:00:00 +0000',
            patch: 0,
            body: 'The whole series reads well.\n\nAcked-by: Example Maintainer <maintainer@example.org>',
          },
        ],
      },
    ],
  },
  {
    slug: 'cve-note',
    baseVersion: '3.23',
    versions: [
      {
        sent: 'Wed, 18 Nov 2026 14:10:00 +0000',
        cover: `Example: move the CVE note into the forbidden list\n\n${cveBlurb}`,
        commits: [cveNote],
      },
      {
        sent: 'Wed, 25 Nov 2026 11:10:00 +0000',
        cover: `Example: move the CVE note into the forbidden list\n\n${cveBlurb} This round\nalso relates service announcements to the deployment rules above them,\nin the wording of the mail.`,
        commits: [
          cveNote,
          {
            date: 'Wed, 25 Nov 2026 11:00:00 +0000',
            message:
              'Relate service announcements to deployment rules\n\nA service provider\'s announcement of a disruptive deployment is only\nallowed within the deployment rules of the paragraphs before it; say so\nwith "(see above)", in the wording of the XSA-108 post-mortem proposal.',
            edits: [{ file: EMBARGO, find: 'as part of deploying a fix: the list member', replace: 'as part of deploying a fix (see above): the list member' }],
          },
        ],
      },
    ],
  },
];
