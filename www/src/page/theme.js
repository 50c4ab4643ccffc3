// The theme button: auto (the system's) → light → dark, kept in local
// storage; `restyle` redraws what paints with the theme's colours.

/** @typedef {'auto'|'light'|'dark'} Theme */
/** @type {Theme[]} */
const ORDER = ['auto', 'light', 'dark'];
const STORAGE_KEY = 'velocity-cliff-theme';

/**
 * @param {unknown} value
 * @returns {Theme}
 */
function themeOf(value) {
  return ORDER.find((t) => t === value) ?? 'auto';
}

/**
 * @param {HTMLElement} button
 * @param {() => void} restyle
 */
export function setupTheme(button, restyle) {
  let theme = themeOf(localStorage.getItem(STORAGE_KEY));
  const apply = () => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    button.textContent = `Theme: ${theme}`;
    restyle();
  };
  button.addEventListener('click', () => {
    theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
    localStorage.setItem(STORAGE_KEY, theme);
    apply();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => theme === 'auto' && restyle());
  apply();
}
