import { useState } from 'react';
import { ChunkUploaderReact } from 'chunk-uploader/react';
import { endpoint, provider } from './settings.ts';

/** Asks the backend for a key under examples/react/; the backend has the last word. */
const objectKey = (file: File): string => `examples/react/${Date.now()}-${file.name}`;

/**
 * The same element twice: through the @lit/react wrapper (camel-cased event props), and as the
 * plain tag, which React 19 passes properties and `on<event>` listeners to by itself.
 */
export function App() {
  const [stored, setStored] = useState<string>();
  const [progress, setProgress] = useState(0);
  const [plainStored, setPlainStored] = useState<string>();
  return (
    <main>
      <h1>chunk-uploader + React</h1>
      <section>
        <h2>The React component</h2>
        <ChunkUploaderReact
          id="wrapped"
          provider={provider}
          endpoint={endpoint}
          objectKey={objectKey}
          multiple
          onUploadProgress={(event) => setProgress(Math.round((100 * event.detail.loaded) / Math.max(1, event.detail.total)))}
          onUploadSuccess={(event) => setStored(event.detail.result.key)}
        />
        <p>
          Progress: <output id="wrapped-progress">{progress}%</output>. Stored at: <output id="wrapped-stored">{stored ?? '—'}</output>
        </p>
      </section>
      <section>
        <h2>The plain element</h2>
        <chunk-uploader
          id="plain"
          provider={provider}
          endpoint={endpoint}
          objectKey={objectKey}
          onchunk-upload-success={(event) => setPlainStored(event.detail.result.key)}
        />
        <p>
          Stored at: <output id="plain-stored">{plainStored ?? '—'}</output>
        </p>
      </section>
    </main>
  );
}
