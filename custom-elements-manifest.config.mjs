// `cem analyze` (the last step of npm run build): custom-elements.json, the element's
// machine-readable reference that IDEs, Storybook and docs tools read (package.json
// `customElements`). Events, parts, CSS properties and member docs come from the JSDoc in
// src/element/chunk-uploader.component.ts and its base classes, the source the README tables follow.
// Attributes come from the built element itself (dist/chunk-uploader.js, made by `vite build`
// before this step), because its `static properties` object and each target's `attributes`
// live in other modules, where the analyzer's Lit support does not look.
import { pathToFileURL } from 'node:url';

/** The element's attributes as Lit and the built-in targets define them. */
async function builtAttributes() {
  const { ChunkUploader } = await import(pathToFileURL('./dist/chunk-uploader.js').href);
  const own = [...ChunkUploader.elementProperties]
    .filter(([, declaration]) => declaration.attribute !== false && declaration.state !== true)
    .map(([field, declaration]) => ({ name: typeof declaration.attribute === 'string' ? declaration.attribute : String(field).toLowerCase(), fieldName: String(field) }));
  const ofTargets = ChunkUploader.defaultTargets.flatMap((target) =>
    (target.attributes ?? []).map((attribute) => ({
      name: attribute.name,
      type: { text: attribute.type === 'boolean' ? 'boolean' : 'string' },
      description: `Read by the \`${target.name}\` target only (README, "Attributes and properties").`,
    })),
  );
  return { own, ofTargets };
}

/** The analyzer does not wait for asynchronous hooks: the attributes are read beforehand. */
function chunkUploaderElement({ own, ofTargets }) {
  return {
    name: 'chunk-uploader-element',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.name !== 'ChunkUploader') continue;
          declaration.tagName = 'chunk-uploader';
          declaration.customElement = true;
          // Events the analyzer saw dispatched through a variable carry no name: the JSDoc lists them all.
          declaration.events = (declaration.events ?? []).filter((event) => typeof event.name === 'string' && event.name !== '');
          const members = new Map((declaration.members ?? []).map((member) => [member.name, member]));
          declaration.attributes = [
            ...own.map(({ name, fieldName }) => {
              const member = members.get(fieldName);
              if (member !== undefined) member.attribute = name;
              return { name, fieldName, ...(member?.type ? { type: member.type } : {}), ...(member?.description ? { description: member.description } : {}) };
            }),
            ...ofTargets,
          ];
          module.exports = [...(module.exports ?? []), { kind: 'custom-element-definition', name: 'chunk-uploader', declaration: { name: 'ChunkUploader', module: module.path } }];
        }
      }
    },
  };
}

export default {
  // The base class too: its members (form, validity, checkValidity(), …) are the element's.
  globs: ['src/element/chunk-uploader.component.ts', 'src/element/chunk-uploader.properties.ts', 'src/element/form-control-element.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  plugins: [chunkUploaderElement(await builtAttributes())],
};
