// The strategy editor: a new strategy copied from any built-in (its fields
// and rules), every strategy field with its range and a one-line
// explanation, a name and an id, deletion, and the strategy's rules — listed
// in the core's plain words, added, removed, reordered and edited with
// controls built from the catalogue's `rules` (conditions, operators, modes,
// actions with units and ranges). An edited strategy is a custom strategy in
// the session's input, so it travels as imported ones do: in the link, the
// exported scenario file and the CLI. Refusals come from the core (a rule's
// words from `describeRule`, the whole scenario from `resolve`) and are
// shown beside the control they name.
import { $ } from './status.js';
import { describeRule } from '../core/wasm.js';
import { errorFields } from '../core/errors.js';

/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('./session.js').CustomStrategy} CustomStrategy */
/** @typedef {import('../core/errors.js').Refusal} Refusal */
/** @typedef {{name: string, label: string, unit: string, min: number, max: number, source: string}} StrategyField */
/** @typedef {{name: string, label: string, kind: 'number'|'boolean', unit: string, min: number, max: number, meaning: string, percent: boolean}} Condition */
/** @typedef {{observe: string, op: string, value: number | boolean}} When */
/** @typedef {{action: string, field?: string, value?: number}} Action */
/** @typedef {{when: When | When[], mode?: string, do: Action[]}} Rule */
/**
 * The parts of the catalogue the editor reads.
 * @typedef {object} EditorCatalogue
 * @property {StrategyField[]} strategy_fields
 * @property {{conditions: Condition[], operators: {name: string, words: string}[], boolean_operator: string, modes: {name: string, meaning: string, default: boolean}[], actions: {name: string, meaning: string}[], limits: {rules: number, conditions: number, actions: number}}} rules
 * @property {({id: string, label: string, rules: (Rule & {text?: string})[]} & Record<string, unknown>)[]} strategies
 */

/** A field shown in percent (its unit is a share). @param {{unit: string, percent?: boolean}} f */
const inPercent = (f) => f.percent === true || f.unit === 'share';

/** A number as the control shows it: a share in percent, rounded off binary noise. @param {number} v @param {boolean} percent */
const shown = (v, percent) => String(percent ? Math.round(v * 1e10) / 1e8 : v);

/**
 * An element with properties and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]> & Record<string, unknown>} [props]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props = {}, children = []) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** An id from a name: lower-case words joined by `-`. @param {string} label */
export function idOf(label) {
  return (
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'strategy'
  );
}

/** A rule as the scenario writes it (without the core's `text`). @param {Rule & {text?: string}} r @returns {Rule} */
const ruleOf = (r) => {
  const copy = structuredClone(r);
  delete copy.text;
  return copy;
};

export class StrategyEditor {
  /**
   * @param {object} o
   * @param {Session} o.session
   * @param {() => void} o.onStrategies the list of strategies changed (the checkboxes are drawn again)
   */
  constructor({ session, onStrategies }) {
    this.session = session;
    this.cat = /** @type {EditorCatalogue} */ (/** @type {unknown} */ (session.catalogue));
    this.onStrategies = onStrategies;
    /** The id of the strategy being edited, or null. @type {string | null} */
    this.editing = null;
    /** Whether the id follows the name (until it is edited by hand). */
    this.idFollows = true;
    /** Fills the rule form with rule `i` of the strategy (set when the form is drawn). @type {(i: number) => void} */
    this.loadRule = () => {};
    this.build();
  }

  build() {
    /** @type {HTMLSelectElement} */
    const from = $('new-from');
    for (const s of this.cat.strategies) from.append(new Option(s.label, s.id));
    from.addEventListener('change', () => this.showBuiltin());
    $('new-strategy').addEventListener('click', () => this.create(from.value));
    /** @type {HTMLSelectElement} */
    const pick = $('edit-strategy');
    pick.addEventListener('change', () => {
      this.editing = pick.value || null;
      this.idFollows = false;
      this.render();
    });
    this.showBuiltin();
    this.render();
  }

  /** The built-in's rules, read-only, in the core's words. */
  showBuiltin() {
    const s = this.cat.strategies.find((x) => x.id === /** @type {HTMLSelectElement} */ ($('new-from')).value);
    const rules = s?.rules ?? [];
    $('builtin-rules').replaceChildren(
      el('span', { className: 'hint', textContent: rules.length ? `${s?.label}'s rules (copied into the new strategy, where you can change them):` : `${s?.label} has no rules.` }),
      el(
        'ol',
        {},
        rules.map((r) => el('li', { textContent: r.text ?? describeRule(r) })),
      ),
    );
  }

  /** The custom strategy being edited (the copy in the input when it is ticked). */
  current() {
    const id = this.editing;
    if (id === null) return null;
    return (
      /** @type {CustomStrategy | undefined} */ (this.session.input.strategies.find((s) => typeof s === 'object' && s.id === id)) ??
      this.session.customStrategies.find((s) => s.id === id) ??
      null
    );
  }

  /**
   * Changes the strategy being edited everywhere the session holds it, and runs.
   * @param {(s: CustomStrategy) => void} change
   */
  update(change) {
    const id = this.editing;
    const seen = new Set();
    for (const s of [...this.session.input.strategies, ...this.session.customStrategies]) {
      if (typeof s === 'object' && s.id === id && !seen.has(s)) {
        seen.add(s);
        change(s);
      }
    }
    this.session.schedule();
  }

  /**
   * A new strategy copied from a built-in: its fields and rules, ticked.
   * @param {string} baseId
   */
  create(baseId) {
    const base = this.cat.strategies.find((s) => s.id === baseId);
    if (!base) return;
    const taken = new Set([...this.cat.strategies.map((s) => s.id), ...this.session.customStrategies.map((s) => s.id)]);
    let n = 1;
    while (taken.has(`my-${baseId}${n > 1 ? `-${n}` : ''}`)) n += 1;
    const suffix = n > 1 ? ` ${n}` : '';
    /** @type {CustomStrategy} */
    const s = { id: `my-${baseId}${n > 1 ? `-${n}` : ''}`, label: `My ${base.label}${suffix}`, base: baseId };
    for (const f of this.cat.strategy_fields) s[f.name] = base[f.name];
    s.targeted_refactoring = base.targeted_refactoring;
    s.rules = (base.rules ?? []).map(ruleOf);
    this.session.customStrategies = [...this.session.customStrategies, s];
    this.session.input.strategies = [...this.session.input.strategies, structuredClone(s)];
    this.editing = s.id;
    this.idFollows = true;
    this.onStrategies();
    this.render();
    this.session.schedule();
    /** @type {HTMLInputElement} */ ($('ed-label')).focus();
  }

  /** Removes the strategy being edited from the scenario. */
  remove() {
    const id = this.editing;
    const s = this.current();
    this.session.customStrategies = this.session.customStrategies.filter((x) => x.id !== id);
    this.session.input.strategies = this.session.input.strategies.filter((x) => typeof x === 'string' || x.id !== id);
    this.editing = this.session.customStrategies[0]?.id ?? null;
    this.onStrategies();
    this.render();
    this.session.schedule();
    $('editor-status').textContent = `deleted ${s?.label ?? id}`;
  }

  /** Draws the list of custom strategies and the form of the one being edited. */
  render() {
    const customs = this.session.customStrategies;
    if (this.editing !== null && !customs.some((s) => s.id === this.editing)) this.editing = null;
    if (this.editing === null && customs.length) this.editing = customs[0].id;
    /** @type {HTMLSelectElement} */
    const pick = $('edit-strategy');
    pick.replaceChildren(...(customs.length ? customs.map((s) => new Option(`${s.label ?? s.id} (${s.id})`, s.id)) : [new Option('no custom strategy yet', '')]));
    pick.value = this.editing ?? '';
    pick.disabled = !customs.length;
    const form = $('strategy-form');
    const s = this.current();
    if (!s) {
      form.replaceChildren();
      return;
    }
    form.replaceChildren(this.nameFields(s), this.fieldList(s), this.ruleList(s), this.ruleForm());
  }

  /** @param {CustomStrategy} s */
  nameFields(s) {
    const label = el('input', { id: 'ed-label', type: 'text', value: s.label ?? s.id, maxLength: 80 });
    const id = el('input', { id: 'ed-id', type: 'text', value: s.id, maxLength: 40, spellcheck: false });
    label.addEventListener('input', () => {
      this.update((x) => (x.label = label.value));
      if (this.idFollows) this.setId(idOf(label.value), id);
      this.refreshNames();
    });
    id.addEventListener('input', () => {
      this.idFollows = false;
      this.setId(id.value.trim(), id);
    });
    const del = el('button', { type: 'button', id: 'ed-delete', textContent: 'Delete this strategy' });
    del.addEventListener('click', () => this.remove());
    return el('div', { className: 'editor-names' }, [
      this.fieldBox('label', [el('label', { htmlFor: 'ed-label', textContent: 'Name' }), label]),
      this.fieldBox('id', [el('label', { htmlFor: 'ed-id', textContent: 'Id' }), id, el('small', { className: 'source', textContent: 'in links and files; lower-case letters, digits and -' })]),
      del,
    ]);
  }

  /**
   * Renames the strategy (the core checks the id when the scenario resolves).
   * @param {string} next
   * @param {HTMLInputElement} input
   */
  setId(next, input) {
    if (next === this.editing) return;
    this.update((x) => (x.id = next));
    this.editing = next;
    if (input.value !== next) input.value = next;
    this.onStrategies();
    this.refreshNames();
  }

  /** The picker's names after a rename (without redrawing the form). */
  refreshNames() {
    /** @type {HTMLSelectElement} */
    const pick = $('edit-strategy');
    pick.replaceChildren(...this.session.customStrategies.map((s) => new Option(`${s.label ?? s.id} (${s.id})`, s.id)));
    pick.value = this.editing ?? '';
    this.onStrategies();
  }

  /**
   * A box that shows the core's refusal for `path` (a path inside the strategy).
   * @param {string} path
   * @param {(Node | string)[]} children
   */
  fieldBox(path, children) {
    const box = el('div', { className: 'field' }, [...children, el('span', { className: 'error', role: 'alert' })]);
    box.dataset.editorField = path;
    return box;
  }

  /** @param {CustomStrategy} s */
  fieldList(s) {
    const boxes = this.cat.strategy_fields.map((f) => {
      const percent = inPercent(f);
      const input = el('input', { id: `ed-${f.name}`, type: 'number', step: 'any', value: shown(Number(s[f.name]), percent) });
      const unit = percent ? '%' : f.unit;
      input.addEventListener('input', () => {
        const v = Number(input.value);
        const key = `strategy.${f.name}`;
        if (input.value.trim() === '' || !Number.isFinite(v)) this.session.unparsable.set(key, input.value);
        else {
          this.session.unparsable.delete(key);
          this.update((x) => (x[f.name] = percent ? v / 100 : v));
        }
        this.session.schedule();
      });
      const range = percent ? `${shown(f.min, true)} – ${shown(f.max, true)} %` : `${f.min} – ${f.max} ${f.unit}`;
      return this.fieldBox(f.name, [
        el('label', { htmlFor: input.id }, [f.label, ' ', el('span', { className: 'unit', textContent: `(${unit})` })]),
        input,
        el('span', { className: 'range', textContent: range }),
        el('small', { className: 'source', textContent: f.source }),
      ]);
    });
    const targeted = el('input', { id: 'ed-targeted', type: 'checkbox', checked: s.targeted_refactoring === true });
    targeted.addEventListener('change', () => this.update((x) => (x.targeted_refactoring = targeted.checked)));
    boxes.push(
      this.fieldBox('targeted_refactoring', [
        el('label', { htmlFor: 'ed-targeted' }, [targeted, ' Targeted refactoring']),
        el('small', { className: 'source', textContent: 'Refactoring goes first to the code under the most pressure.' }),
      ]),
    );
    return el('fieldset', {}, [el('legend', { textContent: 'Fields' }), ...boxes]);
  }

  /** @param {CustomStrategy} s */
  ruleList(s) {
    const rules = /** @type {Rule[]} */ (s.rules ?? []);
    const items = rules.map((r, i) => {
      let text;
      try {
        text = describeRule(r);
      } catch (err) {
        text = errorFields(err).message;
      }
      /**
       * @param {string} label
       * @param {string} name
       * @param {() => void} act
       * @param {boolean} [disabled]
       */
      const button = (label, name, act, disabled = false) => {
        const b = el('button', { type: 'button', textContent: label, disabled, title: `${name} rule ${i + 1}` });
        b.setAttribute('aria-label', `${name} rule ${i + 1}`);
        b.addEventListener('click', act);
        return b;
      };
      const li = el('li', {}, [
        el('span', { className: 'rule-text', textContent: text }),
        ' ',
        button('↑', 'Move up', () => this.moveRule(i, -1), i === 0),
        button('↓', 'Move down', () => this.moveRule(i, 1), i === rules.length - 1),
        button('Edit', 'Edit', () => this.loadRule(i)),
        button('Remove', 'Remove', () => this.setRules(rules.filter((_, j) => j !== i))),
        el('span', { className: 'error', role: 'alert' }),
      ]);
      li.className = 'field';
      li.dataset.editorField = `rules[${i}]`;
      return li;
    });
    return el('fieldset', {}, [
      el('legend', { textContent: 'Rules' }),
      el('p', { className: 'hint', textContent: 'Checked each week in this order; a later rule wins on the same field.' }),
      items.length ? el('ol', { id: 'ed-rules', className: 'rules' }, items) : el('p', { id: 'ed-rules', textContent: 'No rules: the strategy keeps its fields all run.' }),
    ]);
  }

  /** @param {Rule[]} rules */
  setRules(rules) {
    this.update((x) => (x.rules = structuredClone(rules)));
    this.render();
  }

  /** @param {number} i @param {number} by */
  moveRule(i, by) {
    const rules = [...(/** @type {Rule[]} */ (this.current()?.rules ?? []))];
    const [r] = rules.splice(i, 1);
    rules.splice(i + by, 0, r);
    this.setRules(rules);
  }

  /**
   * The form for one rule: every condition (all must hold) and every action,
   * each row added and removed with its own button up to the catalogue's
   * limits, and the mode. The first row of each keeps the plain ids
   * (`rule-observe`, `rule-action`), the k-th adds `-k`.
   */
  ruleForm() {
    const rc = this.cat.rules;
    const fields = this.cat.strategy_fields;
    /** @param {string} base @param {number} k */
    const idOfRow = (base, k) => (k === 0 ? base : `${base}-${k + 1}`);
    const conditionOf = (/** @type {string} */ name) => /** @type {Condition} */ (rc.conditions.find((c) => c.name === name));
    const fieldOf = (/** @type {string} */ value) => fields.find((f) => `set:${f.name}` === value);

    /**
     * One condition row.
     * @param {number} k
     * @param {number} count rows in all
     * @param {When | null} w its values
     */
    const conditionRow = (k, count, w) => {
      const n = k + 1;
      const observe = el('select', { id: idOfRow('rule-observe', k) }, rc.conditions.map((c) => new Option(c.label, c.name)));
      const op = el('select', { id: idOfRow('rule-op', k) });
      const value = el('input', { id: idOfRow('rule-value', k), type: 'number', step: 'any' });
      const truth = el('select', { id: idOfRow('rule-truth', k) }, [new Option('true', 'true'), new Option('false', 'false')]);
      const unit = el('span', { className: 'unit', id: idOfRow('rule-value-unit', k) });
      const sync = () => {
        const c = conditionOf(observe.value);
        const ops = c.kind === 'boolean' ? [{ name: rc.boolean_operator, words: 'is' }] : rc.operators;
        const was = op.value;
        op.replaceChildren(...ops.map((o) => new Option(o.words, o.name)));
        if (ops.some((o) => o.name === was)) op.value = was;
        value.hidden = c.kind === 'boolean';
        truth.hidden = c.kind !== 'boolean';
        unit.textContent = c.kind === 'boolean' ? '' : c.percent ? `% (${shown(c.min, true)} – ${shown(c.max, true)})` : `${c.unit} (${c.min} – ${c.max})`;
        value.title = c.meaning;
      };
      observe.addEventListener('change', sync);
      if (w) observe.value = w.observe;
      sync();
      if (w) {
        op.value = w.op;
        if (typeof w.value === 'boolean') truth.value = String(w.value);
        else value.value = shown(w.value, conditionOf(w.observe).percent);
      }
      const remove = el('button', { type: 'button', id: idOfRow('rule-remove-condition', k), textContent: 'Remove', hidden: count < 2 });
      remove.setAttribute('aria-label', `Remove condition ${n}`);
      remove.addEventListener('click', () => setConditions(readConditions().filter((_, j) => j !== k), null));
      const row = el('div', { className: 'rule-row' }, [
        el('label', { htmlFor: observe.id }, [k === 0 ? 'When' : 'and', el('span', { className: 'visually-hidden', textContent: ` (condition ${n})` })]),
        observe,
        el('label', { htmlFor: op.id, className: 'visually-hidden', textContent: `Condition ${n} compared` }),
        op,
        el('label', { htmlFor: value.id, className: 'visually-hidden', textContent: `Condition ${n} value` }),
        value,
        el('label', { htmlFor: truth.id, className: 'visually-hidden', textContent: `Condition ${n} truth` }),
        truth,
        unit,
        remove,
      ]);
      /** @returns {{when: When, blank: boolean}} */
      const read = () => {
        const c = conditionOf(observe.value);
        const v = Number(value.value);
        return {
          when: { observe: c.name, op: op.value, value: c.kind === 'boolean' ? truth.value === 'true' : c.percent ? v / 100 : v },
          blank: c.kind !== 'boolean' && value.value.trim() === '',
        };
      };
      return { row, read, focus: () => observe.focus() };
    };

    /**
     * One action row.
     * @param {number} k
     * @param {number} count
     * @param {Action | null} a
     */
    const actionRow = (k, count, a) => {
      const n = k + 1;
      const action = el('select', { id: idOfRow('rule-action', k) }, [
        ...fields.map((f) => new Option(`set ${f.label}`, `set:${f.name}`)),
        ...rc.actions.filter((x) => x.name !== 'set').map((x) => Object.assign(new Option(x.name.replace('_', ' '), x.name), { title: x.meaning })),
      ]);
      const actionValue = el('input', { id: idOfRow('rule-action-value', k), type: 'number', step: 'any' });
      const actionUnit = el('span', { className: 'unit', id: idOfRow('rule-action-unit', k) });
      const sync = () => {
        const f = fieldOf(action.value);
        actionValue.hidden = !f;
        actionUnit.textContent = f ? (inPercent(f) ? `% (${shown(f.min, true)} – ${shown(f.max, true)})` : `${f.unit} (${f.min} – ${f.max})`) : '';
      };
      action.addEventListener('change', sync);
      if (a) action.value = a.action === 'set' ? `set:${a.field}` : a.action;
      sync();
      const f = fieldOf(action.value);
      if (a && f && typeof a.value === 'number') actionValue.value = shown(a.value, inPercent(f));
      const remove = el('button', { type: 'button', id: idOfRow('rule-remove-action', k), textContent: 'Remove', hidden: count < 2 });
      remove.setAttribute('aria-label', `Remove action ${n}`);
      remove.addEventListener('click', () => setActions(readActions().filter((_, j) => j !== k), null));
      const row = el('div', { className: 'rule-row' }, [
        el('label', { htmlFor: action.id }, [k === 0 ? 'Do' : 'and', el('span', { className: 'visually-hidden', textContent: ` (action ${n})` })]),
        action,
        el('label', { htmlFor: actionValue.id, className: 'visually-hidden', textContent: `Action ${n} value` }),
        actionValue,
        actionUnit,
        remove,
      ]);
      /** @returns {{act: Action, blank: boolean}} */
      const read = () => {
        const f = fieldOf(action.value);
        const av = Number(actionValue.value);
        return {
          act: f ? { action: 'set', field: f.name, value: inPercent(f) ? av / 100 : av } : { action: action.value },
          blank: f !== undefined && actionValue.value.trim() === '',
        };
      };
      return { row, read, focus: () => action.focus() };
    };

    const conditionList = el('div', { className: 'rule-rows', id: 'rule-conditions' });
    const actionList = el('div', { className: 'rule-rows', id: 'rule-actions' });
    const addCondition = el('button', { type: 'button', id: 'rule-add-condition', textContent: 'Add a condition' });
    const addAction = el('button', { type: 'button', id: 'rule-add-action', textContent: 'Add an action' });
    /** @type {ReturnType<typeof conditionRow>[]} */
    let conditionRows = [];
    /** @type {ReturnType<typeof actionRow>[]} */
    let actionRows = [];
    const readConditions = () => conditionRows.map((r) => r.read().when);
    const readActions = () => actionRows.map((r) => r.read().act);
    /**
     * Rebuilds the condition rows from values; focuses row `focus` (or the add button after a removal).
     * @param {(When | null)[]} values
     * @param {number | null} focus
     */
    const setConditions = (values, focus) => {
      const had = conditionRows.length;
      conditionRows = values.map((w, k) => conditionRow(k, values.length, w));
      conditionList.replaceChildren(...conditionRows.map((r) => r.row));
      addCondition.disabled = values.length >= rc.limits.conditions;
      if (focus !== null) conditionRows[focus]?.focus();
      else if (values.length < had) (addCondition.disabled ? conditionRows[0] : addCondition).focus();
    };
    /**
     * @param {(Action | null)[]} values
     * @param {number | null} focus
     */
    const setActions = (values, focus) => {
      const had = actionRows.length;
      actionRows = values.map((a, k) => actionRow(k, values.length, a));
      actionList.replaceChildren(...actionRows.map((r) => r.row));
      addAction.disabled = values.length >= rc.limits.actions;
      if (focus !== null) actionRows[focus]?.focus();
      else if (values.length < had) (addAction.disabled ? actionRows[0] : addAction).focus();
    };
    addCondition.addEventListener('click', () => {
      const values = [...readConditions(), null];
      setConditions(values, values.length - 1);
    });
    addAction.addEventListener('click', () => {
      const values = [...readActions(), null];
      setActions(values, values.length - 1);
    });
    setConditions([null], null);
    setActions([null], null);

    const mode = el('select', { id: 'rule-mode' }, rc.modes.map((m) => Object.assign(new Option(m.name === 'once' ? 'once: from then on' : 'while: only while it holds', m.name), { title: m.meaning, selected: m.default })));
    /** @returns {Rule} */
    const ruleFromForm = () => {
      const when = readConditions();
      return { when: when.length === 1 ? when[0] : when, mode: mode.value, do: readActions() };
    };
    const add = el('button', { type: 'button', id: 'rule-add', textContent: 'Add rule' });
    const save = el('button', { type: 'button', id: 'rule-save', textContent: 'Save rule', hidden: true });
    /** @param {number | null} at */
    const commit = (at) => {
      const rule = ruleFromForm();
      const form = $('rule-form');
      for (const box of form.querySelectorAll('.invalid')) box.classList.remove('invalid');
      for (const e of form.querySelectorAll('.error')) e.textContent = '';
      const blankWhen = conditionRows.findIndex((r) => r.read().blank);
      const blankDo = actionRows.findIndex((r) => r.read().blank);
      if (blankWhen >= 0 || blankDo >= 0) {
        showIn(form, `a value is needed (${blankWhen >= 0 ? `condition ${blankWhen + 1}` : `action ${blankDo + 1}`})`, blankWhen >= 0 ? 'when' : 'do');
        return;
      }
      try {
        describeRule(rule);
      } catch (err) {
        const r = errorFields(err);
        showIn(form, r.message, r.field?.includes('.do') ? 'do' : r.field?.includes('.mode') ? 'mode' : 'when');
        return;
      }
      const rules = [...(/** @type {Rule[]} */ (this.current()?.rules ?? []))];
      if (at === null) rules.push(rule);
      else rules[at] = rule;
      this.setRules(rules);
      $('editor-status').textContent = `rule ${at === null ? rules.length : at + 1}: ${describeRule(rule)}`;
    };
    add.addEventListener('click', () => commit(null));
    save.addEventListener('click', () => commit(Number(save.dataset.index)));
    const part = (/** @type {string} */ name, /** @type {(Node | string)[]} */ children) => {
      const p = el('div', { className: 'field rule-part' }, [...children, el('span', { className: 'error', role: 'alert' })]);
      p.dataset.part = name;
      return p;
    };
    const form = el('fieldset', { id: 'rule-form' }, [
      el('legend', { textContent: 'Add or edit a rule' }),
      el('p', { className: 'hint', textContent: `All conditions must hold (at most ${rc.limits.conditions}); the actions apply in order (at most ${rc.limits.actions}).` }),
      part('when', [conditionList, addCondition]),
      part('mode', [el('label', { htmlFor: 'rule-mode', textContent: 'Acts' }), mode]),
      part('do', [actionList, addAction]),
      add,
      save,
    ]);
    /** Fills the form with rule `i`: every condition and every action. */
    this.loadRule = (/** @type {number} */ i) => {
      const r = /** @type {Rule[]} */ (this.current()?.rules ?? [])[i];
      if (!r) return;
      setConditions(Array.isArray(r.when) ? r.when : [r.when], null);
      setActions(r.do.length ? r.do : [null], null);
      mode.value = r.mode ?? 'once';
      save.hidden = false;
      save.dataset.index = String(i);
      save.textContent = `Save rule ${i + 1}`;
      conditionRows[0].focus();
    };
    return form;
  }

  /**
   * Shows a refusal of the scenario beside the editor's control, when it
   * names the strategy being edited (`strategies[2].rules[0].when.value`).
   * @param {Refusal} refusal
   * @returns {boolean} whether it was shown here
   */
  showError({ field, message }) {
    if (field === null) return false;
    const strategyKey = /^strategy\.(.+)$/.exec(field);
    let rest = strategyKey?.[1] ?? null;
    const m = /^strategies\[(\d+)\]\.(.+)$/.exec(field);
    if (m) {
      const s = this.session.input.strategies[Number(m[1])];
      if (typeof s !== 'object' || s.id !== this.editing) return false;
      rest = m[2];
    }
    if (rest === null) return false;
    const form = $('strategy-form');
    const boxes = [...form.querySelectorAll('[data-editor-field]')].filter((b) => {
      const p = /** @type {HTMLElement} */ (b).dataset.editorField ?? '';
      return rest === p || rest.startsWith(`${p}.`) || rest.startsWith(`${p}[`);
    });
    const box = boxes.sort((a, b) => (/** @type {HTMLElement} */ (b).dataset.editorField ?? '').length - (/** @type {HTMLElement} */ (a).dataset.editorField ?? '').length)[0];
    if (!box) return false;
    box.classList.add('invalid');
    const error = box.querySelector('.error');
    if (error) error.textContent = message;
    /** @type {HTMLDetailsElement} */ ($('strategy-editor')).open = true;
    return true;
  }
}

/**
 * Shows a message in a part of the rule form.
 * @param {HTMLElement} form
 * @param {string} message
 * @param {string} part
 */
function showIn(form, message, part) {
  const box = form.querySelector(`[data-part="${part}"]`);
  box?.classList.add('invalid');
  const error = box?.querySelector('.error');
  if (error) error.textContent = message;
}
