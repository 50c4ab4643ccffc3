// The detail sections (<details data-section>: the summary in words, the
// velocity fans, the collapse week, money, why, the medians): open on wide
// screens, closed on narrow ones so a phone shows the answer, the controls
// and the summary cards first. Only the starting state is set here, and a
// screen that widens past the breakpoint opens them all; what the user opens
// or closes otherwise stays as it is (results are painted into the sections,
// never by replacing them).

/** The single-column layout's breakpoint: the same width as in style.css. */
export const NARROW = '(max-width: 860px)';

/**
 * Sets the sections' starting state for the screen's width and follows the
 * screen when it widens past the breakpoint.
 * @param {ParentNode} root
 * @param {MediaQueryList} narrow
 */
export function setupSections(root, narrow) {
  const sections = /** @type {NodeListOf<HTMLDetailsElement>} */ (root.querySelectorAll('details[data-section]'));
  for (const d of sections) d.open = !narrow.matches;
  narrow.addEventListener('change', () => {
    if (!narrow.matches) for (const d of sections) d.open = true;
  });
}
