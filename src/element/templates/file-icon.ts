import { html, svg, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

export type FileKind = 'image' | 'video' | 'audio' | 'document' | 'archive' | 'file';

/** The broad kind of a file, from its MIME type and then its extension. */
export function kindOf(type: string, name: string): FileKind {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (/(zip|x-tar|gzip|x-7z|x-rar|x-bzip)/.test(type) || ['zip', 'tar', 'gz', 'tgz', '7z', 'rar', 'bz2', 'xz'].includes(extension)) return 'archive';
  if (type.startsWith('text/') || /(pdf|msword|officedocument|opendocument|rtf|json|xml)/.test(type)) return 'document';
  if (['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'txt', 'csv', 'md', 'json'].includes(extension)) return 'document';
  return 'file';
}

/** Each kind's mark inside the page outline (24-unit box). */
const MARKS: Readonly<Record<FileKind, ReturnType<typeof svg>>> = {
  image: svg`<circle cx="10" cy="12" r="1.5" /><path d="m7 18 4-4 2 2 2-3 3 5" />`,
  video: svg`<path d="m10 11 5 3-5 3z" />`,
  audio: svg`<path d="M11 18v-6l5-1.5v6" /><circle cx="9.5" cy="18" r="1.5" /><circle cx="14.5" cy="16.5" r="1.5" />`,
  document: svg`<path d="M8 12h8M8 15h8M8 18h5" />`,
  archive: svg`<path d="M12 4v2m0 2v2m0 2v2m-1.5 0h3v4h-3z" />`,
  file: svg``,
};

/** A file-type icon: a page outline with a mark for the kind. Decorative: the name says it all. */
export function fileIcon(kind: FileKind): TemplateResult {
  return html`<svg class="file-icon" data-kind=${kind} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d="M6 2h8l5 5v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z" /><path d="M14 2v5h5" />${MARKS[kind]}
  </svg>`;
}

/** A decoded preview drawn once into a canvas (the bitmap stays with the cache, not copied). */
export function thumbnail(bitmap: ImageBitmap): TemplateResult {
  const draw = (element: Element | undefined): void => {
    if (!(element instanceof HTMLCanvasElement) || element.dataset.drawn === 'true') return;
    element.width = bitmap.width;
    element.height = bitmap.height;
    element.getContext('2d')?.drawImage(bitmap, 0, 0);
    element.dataset.drawn = 'true';
  };
  return html`<canvas class="thumbnail" aria-hidden="true" ${ref(draw)}></canvas>`;
}
