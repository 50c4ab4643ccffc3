// "Your team today": the starting state (the catalogue's `start` group —
// engineers, users, codebase, debt, cash, weekly revenue, fit reached) as one
// panel at the top of the model parameters, so a team can set where it
// stands before the long list of the model's assumptions. The fields are the
// parameter controls themselves (controls.js), moved, not copies: one value,
// one refusal, one place in the link.
import { $ } from './status.js';

/** The catalogue's group of the starting-state parameters. */
export const START_GROUP = 'start';

/** Moves the starting-state parameters to the top of the parameters as "Your team today". */
export function setupTeamToday() {
  const params = $('params');
  const group = [...params.querySelectorAll(':scope > fieldset')].find((f) => f.querySelector('legend')?.textContent === START_GROUP);
  if (!group) return;
  group.id = 'team-today';
  group.classList.add('team-today');
  const legend = /** @type {HTMLLegendElement} */ (group.querySelector('legend'));
  legend.textContent = 'Your team today';
  const hint = Object.assign(document.createElement('p'), {
    className: 'hint',
    textContent: 'Where your product stands at week 0: set these to your own team, then compare strategies from there.',
  });
  legend.after(hint);
  params.prepend(group);
}
