// The page's status line, notice bar and screen-reader announcements, and
// the one lookup of its elements by id.

/**
 * The element with this id, typed by the caller (the page's HTML has it).
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export function $(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return /** @type {T} */ (found);
}

/** @typedef {'estimating'|'running'|'ready'|'error'|'info'|''} StatusKind */

/**
 * Shows a status. `kind` is what tests and styles read: 'estimating' (no
 * estimate yet), 'running' (progress, an estimate on screen or none needed),
 * 'ready' (the full result of `generation` is painted), 'error', or 'info'
 * (any other message).
 * @param {string} text
 * @param {StatusKind} kind
 * @param {number} generation the input the status is about
 */
export function setStatus(text, kind, generation) {
  const line = $('status');
  line.textContent = text;
  line.dataset.kind = kind;
  line.dataset.generation = String(generation);
}

/**
 * Shows a notice above the page (until dismissed).
 * @param {string} text
 * @param {'info'|'error'} [kind]
 */
export function showNotice(text, kind = 'info') {
  $('notice-text').textContent = text;
  $('notice').dataset.kind = kind;
  $('notice').hidden = false;
}

/**
 * Says something to screen readers (the polite live region).
 * @param {string} text
 */
export function announce(text) {
  $('announce').textContent = text;
}

/** Wires the notice's dismiss button. */
export function setupNotice() {
  $('notice-close').addEventListener('click', () => ($('notice').hidden = true));
}
