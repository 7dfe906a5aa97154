import type { Signer } from '../contracts/signer.js';
import type { Target } from '../contracts/target.js';
import type { SignerHeaders } from '../core/http-signer.js';
import { ELEMENT_PROPERTIES } from './element-properties.js';
import { FormControlElement } from './form-control-element.js';
import type { ElementInputs, EngineExtras } from './settings.js';
import type { TargetAttributeValues } from './target-attributes.js';

/**
 * `<chunk-uploader>`'s public attributes and properties, with their defaults. The element
 * (chunk-uploader.component.ts) reads them; this class only declares them, so the component
 * file holds behaviour and the custom-elements manifest still lists every member.
 */
export abstract class ChunkUploaderProperties extends FormControlElement {
  /*
   * Note: reactive properties are declared through `static properties` with `declare` fields
   * and set in the constructor, not with decorators: that compiles the same under tsc, esbuild
   * and Vite whatever each makes of experimentalDecorators and useDefineForClassFields.
   */
  static override properties = ELEMENT_PROPERTIES;

  /** The storage targets `provider` chooses from (property only). Default `ChunkUploader.defaultTargets`. */
  declare targets: readonly Target[] | undefined;
  /** Storage target: the name of one of `targets` (`oss`, `s3`, …); optional when there is only one. */
  declare provider: string | undefined;
  /** Base URL of the signer JSON API; the element POSTs to `<endpoint>/<op>`. */
  declare endpoint: string | undefined;
  /** A signing function used instead of `endpoint` (property only). */
  declare signer: Signer | undefined;
  /**
   * `signer-credentials`: `include` sends the page's cookies to a signer on another origin
   * (its CORS answer must allow credentials for this origin); default `same-origin`.
   */
  declare signerCredentials: string | undefined;
  /**
   * Headers for every request to `endpoint` (property only): an object, or a function
   * `({ refresh, op }) => headers` asked before each request and again with `refresh: true`
   * after a 401. Never logged, journaled, put into events or error messages.
   */
  declare signerHeaders: SignerHeaders | undefined;
  /** Lets the picker, drops and pastes take several files at once. */
  declare multiple: boolean;
  /** The picker chooses a folder; its files are added recursively, each with `webkitRelativePath`. */
  declare directory: boolean;
  /** `document`: files pasted anywhere in the page are added. Else only while the element has focus. */
  declare paste: string | undefined;
  /** Most files the list takes (canceled ones do not count); the rest are turned away with a message. */
  declare maxFiles: number | string | undefined;
  /** Like `<input accept>`: `.mp4,video/*`. Files that do not match are turned away. */
  declare accept: string;
  /** Connections shared by all files, 1 to 16 (default 4). Applied live to running uploads. */
  declare concurrency: number | string | undefined;
  /** Preferred part size: bytes, or `8MiB`, `5MB`, … The storage's limits may raise it. */
  declare partSize: number | string | undefined;
  /** Largest file accepted: bytes, or `100MiB`, `2GB`, … Default: the storage's limit. */
  declare maxFileSize: number | string | undefined;
  /** Where storage requests may go (`https://bucket.example.com https://*.example.com`); default anywhere. */
  declare uploadOrigins: string | undefined;
  /** Stops picking and dropping (running uploads and row buttons keep working). */
  declare disabled: boolean;
  /** The form field name: the form gets one entry per uploaded file, its object key. */
  declare name: string;
  /** The form cannot be submitted until at least one file is uploaded. */
  declare required: boolean;
  /** Language of the element's text; else the closest `[lang]`, else the browser's. */
  declare lang: string;
  /** The object key to ask the backend for, per file (property only). */
  declare objectKey: ((file: File) => string | undefined) | undefined;
  /** Further engine options: retry, timeouts, integrity, transport, … (property only). */
  declare options: EngineExtras | undefined;
  /** Reports the whole file's MD5 in the success event (`result.fileMd5`), hashed in the same pass as the parts. */
  declare fileMd5: boolean;
  /**
   * Target options no attribute covers (Qiniu `customVars`, `metadata`); the target's own
   * attributes (`upload-hosts`, `slice-size`, …, see each target's `attributes`) win (property only).
   */
  declare providerOptions: object | undefined;

  constructor() {
    super();
    this.multiple = false;
    this.directory = false;
    this.accept = '';
    this.disabled = false;
    this.name = '';
    this.required = false;
    this.lang = '';
    this.fileMd5 = false;
  }

  /** The values settings are made from, unchecked (settings.ts checks them). */
  protected settingsInputs(targets: readonly Target[], targetAttributes: TargetAttributeValues): ElementInputs {
    return {
      targets,
      provider: this.provider,
      targetAttributes,
      endpoint: this.endpoint,
      signer: this.signer,
      signerCredentials: this.signerCredentials,
      signerHeaders: this.signerHeaders,
      concurrency: this.concurrency,
      partSize: this.partSize,
      maxFileSize: this.maxFileSize,
      uploadOrigins: this.uploadOrigins,
      accept: this.accept,
      objectKey: this.objectKey,
      options: this.options,
      fileMd5: this.fileMd5,
      providerOptions: this.providerOptions,
    };
  }
}
