// Share: the whole scenario lives in the URL hash as a share string (see
// src/share.rs), so a link reproduces the same numbers; back and forward walk
// through the user's changes; the last scenario is kept in local storage; a
// link can be copied, shown as a QR code, or turned into embed code.
// Links are encoded and decoded by the core (`encodeShare`/`decodeShare`), so a
// seed is read from the link's digits and handed over as a decimal string.
import { errorFields } from '../core/errors.js';
import { decodeShare, encodeShare } from '../core/wasm.js';
import { $ } from './status.js';
import { EMBED_CSS } from './fallback.js';

/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('./session.js').HistoryMode} HistoryMode */

const STORAGE_KEY = 'velocity-cliff-scenario';
/** Changes to one field within this time make one history entry (typing a number). */
const COALESCE_MS = 1000;
/**
 * The address bar and history are written at most this often (each write
 * costs the browser a millisecond or two): in a burst of inputs — a slider
 * dragged, a seed typed — the first is written at once and the last when
 * the burst pauses, and the ones between not at all.
 */
export const WRITE_MS = 200;
/**
 * The address is written once a scenario's job is over and no other input
 * has come for this long: a history write costs the page 0.5–4 ms and the
 * browser more (4.4 ms a write on the main thread, in a profile of twelve
 * seed changes), time a job's paint and workers need more. Inputs this close
 * together (keys typed, a slider dragged, changes made one after another)
 * write the address once, after the last.
 */
export const QUIET_MS = 200;

/**
 * The page's address for a share string.
 * @param {string} link
 */
export function shareUrl(link) {
  return `${location.origin}${location.pathname}#${link}`;
}

/** The directory the app is served from, for embed code. */
function baseUrl() {
  return new URL('.', location.href).href;
}

/**
 * Both embed snippets for a share string. The component's holds `element`
 * (the element with its fallback, fallback.js) when given, else the bare element.
 * @param {string} link
 * @param {string} [element]
 */
export function embedSnippets(link, element) {
  const base = baseUrl();
  return {
    component: `<script type="module" src="${base}velocity-cliff.js"></script>\n${EMBED_CSS}\n${element ?? `<velocity-cliff scenario="${link}"></velocity-cliff>\n`}`,
    iframe: `<iframe src="${base}embed.html#${link}" title="velocity-cliff: when does development velocity collapse?" width="100%" height="560" loading="lazy" style="border:0"></iframe>`,
  };
}

/** @param {string} link */
function store(link) {
  try {
    localStorage.setItem(STORAGE_KEY, link);
  } catch {
    // Storage can be full or disabled; the URL still holds the scenario.
  }
}

function stored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** @param {string} text */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {object} o
 * @param {(s: Scenario, history: HistoryMode) => void} o.applyScenario
 * @param {(text: string, kind: 'info'|'error') => void} o.showNotice
 * @param {(text: string) => void} o.info a status message
 * @param {(inline: boolean) => Promise<{element: string, figure: string} | null>} o.embedSnippet the element with its fallback for the last full result, or null before one
 */
export function setupShare({ applyScenario, showNotice, info, embedSnippet }) {
  let current = '';
  let lastWrite = 0;
  /** The address to write when WRITE_MS have passed since the last write, and whether as a new history entry. @type {{url: string, push: boolean} | null} */
  let due = null;
  let timer = 0;

  /** Writes the address due, as a new history entry or in place of the current one. */
  function write() {
    timer = 0;
    if (!due) return;
    const { url, push } = due;
    due = null;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    lastWrite = performance.now();
  }

  /** Drops an address not yet written (the user went back or forward, or the address already holds the newest). */
  function cancelWrite() {
    clearTimeout(timer);
    timer = 0;
    due = null;
  }

  /**
   * Opens a share string; returns false (with a notice saying what happens
   * instead) when it is refused.
   * @param {string} link
   * @param {HistoryMode} historyMode
   */
  function open(link, historyMode, instead = 'Showing the default scenario instead.') {
    let decoded;
    try {
      decoded = decodeShare(link);
    } catch (err) {
      showNotice(`This link could not be opened: ${errorFields(err).message}. ${instead}`, 'error');
      return false;
    }
    if (decoded.notice) showNotice(decoded.notice, 'info');
    applyScenario(decoded.scenario, historyMode);
    return true;
  }

  /** Chooses the first scenario: the link, else the last one kept, else the defaults. */
  function restore() {
    const hash = location.hash.slice(1);
    if (hash) {
      if (open(hash, 'replace')) return;
    } else {
      const kept = stored();
      if (kept) {
        try {
          applyScenario(decodeShare(kept).scenario, 'replace');
          return;
        } catch {
          // A kept scenario from an incompatible build: start from the defaults.
        }
      }
    }
    applyScenario({}, 'replace');
  }

  /** Scenarios recorded so far: only the newest one's link is written. */
  let asked = 0;

  /**
   * Records the scenario just started: storage once its link is made
   * (compressing it is asynchronous), and the URL hash and history entry
   * once its job is `shown` and QUIET_MS have passed without another. A
   * scenario recorded after this one, whose link is made first, is not
   * overwritten.
   * @param {Scenario} scenario the scenario as the user set it (defaults left out)
   * @param {HistoryMode} mode
   * @param {Promise<void>} [shown] resolves when the scenario's job is over (default: at once)
   * @returns {Promise<string>} its link ('' if it could not be made)
   */
  async function record(scenario, mode, shown = Promise.resolve()) {
    const ask = ++asked;
    let link;
    try {
      link = await encodeShare(scenario);
    } catch {
      return ''; // only valid scenarios start, so this does not happen
    }
    if (ask !== asked) return link;
    current = link;
    store(link);
    if (mode === 'none' || location.hash.slice(1) === link) {
      cancelWrite();
      return link;
    }
    void shown.then(() =>
      window.setTimeout(() => {
        if (ask === asked) address(link, mode);
      }, QUIET_MS),
    );
    return link;
  }

  /**
   * Writes `link` into the address: at once, or when WRITE_MS have passed
   * since the last write.
   * @param {string} link
   * @param {HistoryMode} mode
   */
  function address(link, mode) {
    const now = performance.now();
    // A new history entry unless asked to replace or within COALESCE_MS of the last write (or of one due).
    const push = mode !== 'replace' && now - lastWrite >= COALESCE_MS;
    due = { url: `#${link}`, push: (due?.push ?? false) || push };
    if (timer) return;
    if (now - lastWrite >= WRITE_MS) write();
    else timer = window.setTimeout(write, WRITE_MS - (now - lastWrite));
  }

  // Back and forward (and a hash typed by hand).
  window.addEventListener('popstate', () => {
    const hash = location.hash.slice(1);
    if (!hash || hash === current) return;
    cancelWrite();
    lastWrite = 0;
    if (!open(hash, 'none', 'Keeping the current scenario.') && current) history.replaceState(null, '', `#${current}`);
  });

  $('copy-link').addEventListener('click', async () => {
    const url = shareUrl(current);
    if (await copyText(url)) info('link copied');
    else {
      showQr(url);
      info('copy the link from the dialog');
    }
  });

  /** @param {string} url */
  async function showQr(url) {
    /** @type {HTMLDialogElement} */
    const dialog = $('qr-dialog');
    /** @type {HTMLInputElement} */
    const field = $('qr-link');
    field.value = url;
    dialog.showModal();
    field.select();
    const QRCode = (await import('qrcode')).default;
    await QRCode.toCanvas($('qr-canvas'), url, { width: 320, margin: 2, errorCorrectionLevel: 'M' });
  }
  $('show-qr').addEventListener('click', () => showQr(shareUrl(current)));

  /** @type {HTMLDialogElement} */
  const embedDialog = $('embed-dialog');
  /** The snippets for the chosen figure (a file beside the post, or inlined). */
  async function fillEmbed() {
    const inline = /** @type {HTMLInputElement | null} */ (embedDialog.querySelector('input[name="embed-figure-mode"]:checked'))?.value === 'inline';
    const fallback = await embedSnippet(inline);
    const snippets = embedSnippets(current, fallback?.element);
    /** @type {HTMLTextAreaElement} */ ($('embed-component')).value = snippets.component;
    /** @type {HTMLTextAreaElement} */ ($('embed-iframe')).value = snippets.iframe;
    const figure = $('embed-figure');
    figure.hidden = !fallback || inline;
    figure.textContent = fallback ? `Download the figure (${fallback.figure})` : 'Download the figure';
    $('embed-no-result').hidden = Boolean(fallback);
  }
  $('show-embed').addEventListener('click', async () => {
    await fillEmbed();
    embedDialog.showModal();
  });
  for (const radio of embedDialog.querySelectorAll('input[name="embed-figure-mode"]')) radio.addEventListener('change', fillEmbed);
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-copy]'))) {
    button.addEventListener('click', async () => {
      /** @type {HTMLTextAreaElement} */
      const area = $(button.dataset.copy ?? '');
      area.select();
      const done = await copyText(area.value);
      button.textContent = done ? 'Copied' : 'Select and copy the text above';
    });
  }

  return { restore, record, open, get link() { return current; } };
}
