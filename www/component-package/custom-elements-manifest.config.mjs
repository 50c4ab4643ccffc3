// The analyzer's settings for the package's custom-elements.json (run by
// scripts/component-package.mjs): read the element's source and its JSDoc
// tags, keep the public API, and describe it as the package's entry module.
// Every attribute is also a string property (defined in a loop the analyzer
// does not follow): each gets its field, described as its attribute.
const PUBLIC = new Set(['idleMs', 'result', 'resultJson', 'sensitivityJson', 'engine', 'state']);

function packageEntry() {
  return {
    name: 'velocity-cliff-package-entry',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        mod.path = 'velocity-cliff.js';
        mod.declarations = mod.declarations.filter((d) => d.name === 'VelocityCliffElement');
        for (const d of mod.declarations) {
          d.members = (d.members ?? []).filter((m) => PUBLIC.has(m.name));
          for (const a of d.attributes ?? []) {
            a.type ??= { text: 'string' };
            a.fieldName = a.name;
            d.members.push({
              kind: 'field',
              name: a.name,
              type: { text: 'string | null' },
              description: `${a.description} (the \`${a.name}\` attribute: setting the property sets it, null removes it)`,
              attribute: a.name,
              reflects: true,
            });
          }
        }
        mod.exports = [
          { kind: 'js', name: 'VelocityCliffElement', declaration: { name: 'VelocityCliffElement', module: 'velocity-cliff.js' } },
          { kind: 'custom-element-definition', name: 'velocity-cliff', declaration: { name: 'VelocityCliffElement', module: 'velocity-cliff.js' } },
        ];
      }
    },
  };
}

export default {
  globs: ['src/component/element.js'],
  outdir: 'component-package',
  packagejson: false,
  plugins: [packageEntry()],
};
