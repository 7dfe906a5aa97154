import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { UploadError } from '../transport/upload-error.js';
import { ConfigErrorEvent } from './config-error-event.js';
import { formatBytes } from './i18n/localize.js';
import type { RejectReason, Translation } from './i18n/translation.js';
import type { Problem } from './settings.js';
import { messageLines, type Notice } from './templates/messages.js';

export interface MessageHost extends ReactiveControllerHost, EventTarget {
  readonly endpoint: string | undefined;
}

/**
 * What the element's message area says: refused settings (each reported once, with a
 * `chunk-config-error` event and a spoken sentence), the engine's refusal of the settings, and
 * notices about files (turned away, not re-opened). Kept structured and translated at render.
 */
export class MessageController implements ReactiveController {
  #host: MessageHost;
  #announce: (text: string) => void;
  #t: () => Translation;
  #problems: readonly Problem[] = [];
  /** The engine's own explanation when it refused the settings (English, redacted). */
  #refusal: string | undefined;
  #notices: readonly Notice[] = [];

  constructor(host: MessageHost, announce: (text: string) => void, t: () => Translation) {
    this.#host = host;
    this.#announce = announce;
    this.#t = t;
    host.addController(this);
  }

  get notices(): readonly Notice[] {
    return this.#notices;
  }

  set notices(notices: readonly Notice[]) {
    this.#notices = notices;
    this.#host.requestUpdate();
  }

  lines(t: Translation): string[] {
    return messageLines(t, this.#problems, this.#refusal, this.#notices);
  }

  /** Reports each problem once, when it appears; the list itself is shown until fixed. */
  setProblems(problems: readonly Problem[]): void {
    const before = this.#problems;
    this.#problems = problems;
    this.#host.requestUpdate();
    for (const problem of problems) {
      if (before.some((p) => p.attribute === problem.attribute && p.value === problem.value)) continue;
      const error = new UploadError(`${problem.attribute}="${problem.value}" is not valid`, { kind: 'invalid', code: 'invalid-attribute' });
      this.#host.dispatchEvent(new ConfigErrorEvent({ attribute: problem.attribute, value: problem.value, error }));
      this.#announce(this.#t().invalidAttribute(problem.attribute, problem.value));
    }
  }

  /** The engine refused the settings (`undefined`: it took them). */
  setRefusal(thrown: unknown): void {
    if (thrown === undefined) {
      this.#refusal = undefined;
      return;
    }
    const error = thrown instanceof UploadError ? thrown : new UploadError(String(thrown), { kind: 'invalid' });
    this.#refusal = error.message.replace(/^chunk-uploader: /, '');
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ConfigErrorEvent({ attribute: undefined, value: '', error }));
    this.#announce(this.#t().settingsRefused(this.#refusal));
  }

  /** Adding files with no engine: say why, once more, where the user looks. */
  refuseAdd(): void {
    const t = this.#t();
    if (this.#problems.length > 0 || this.#refusal !== undefined) {
      this.#announce(this.lines(t).join(' '));
      return;
    }
    this.notices = [{ kind: 'not-configured' }];
    this.#announce(t.notConfigured);
    const error = new UploadError('set the endpoint attribute or the signer property before adding files', {
      kind: 'config',
      code: 'not-configured',
    });
    this.#host.dispatchEvent(new ConfigErrorEvent({ attribute: 'endpoint', value: this.#host.endpoint ?? '', error }));
  }

  /** A file the engine turned away (size, type): a notice, and the sentence to speak. */
  rejected(name: string, code: string | undefined, limit: number, t: Translation): string {
    const reason: RejectReason = code === 'file-too-large' || code === 'file-type' ? code : 'other';
    this.notices = [...this.#notices, { kind: 'rejected', name, reason, limit }];
    return t.rejected(name, reason, formatBytes(limit, t));
  }

  hostConnected(): void {}
}
