import type { ErrorKind } from '../../transport/upload-error.js';
import type { RowLine, Translation } from './translation.js';

const files = (count: number): string => (count === 1 ? '1 file' : `${count} files`);

/** Why a request is being sent again, as the start of "…, retrying in 3 s". */
const RETRY_CAUSE: Partial<Record<ErrorKind, string>> = {
  network: 'Connection lost',
  timeout: 'No answer from the storage',
  server: 'The storage had a problem',
  integrity: 'A part arrived damaged',
  protocol: 'Unexpected answer from the storage',
};

function rowLine(line: RowLine): string {
  switch (line.kind) {
    case 'state':
      return en.states[line.state];
    case 'uploading': {
      const bytes = `${line.loaded} of ${line.total}`;
      if (line.speed === undefined) return `Uploading, ${bytes}`;
      if (line.eta === undefined) return `Uploading, ${bytes} at ${line.speed}`;
      return `Uploading, ${bytes} at ${line.speed}, ${line.eta} left`;
    }
    case 'elsewhere':
      return `Uploading in another tab, ${line.percent}`;
    case 'failed':
      return `Failed: ${line.reason}`;
    case 'retrying': {
      const cause = RETRY_CAUSE[line.reason] ?? 'The request failed';
      return line.wait === undefined ? `${cause}, retrying now` : `${cause}, retrying in ${line.wait}`;
    }
    case 'throttled':
      return line.wait === undefined ? 'The storage asked to slow down, retrying now' : `The storage asked to slow down, retrying in ${line.wait}`;
    case 'waiting-for-network':
      return 'Offline, waiting for the network';
    case 'waiting-for-signature':
      return 'Waiting for a new upload permission';
    case 'stalled':
      return `Stalled: nothing sent for ${line.for}`;
  }
}

export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',
  sizeUnits: ['B', 'kB', 'MB', 'GB', 'TB'],

  dropZone: (multiple) => (multiple ? 'Drop files here or' : 'Drop a file here or'),
  chooseFiles: (multiple) => (multiple ? 'choose files' : 'choose a file'),
  chooseFolder: 'choose a folder',
  dropHere: 'Release to add',
  fileListLabel: 'Uploads',

  states: {
    queued: 'Waiting',
    preparing: 'Preparing',
    uploading: 'Uploading',
    completing: 'Finishing',
    paused: 'Paused',
    blocked: 'Uploading in another tab',
    done: 'Uploaded',
    failed: 'Failed',
    canceled: 'Canceled',
  },
  sizeWithUnit: (number, unit) => `${number} ${unit}`,
  percent: (number) => `${number}%`,
  duration: ({ hours, minutes, seconds }) =>
    [hours === undefined ? '' : `${hours} h`, minutes === undefined ? '' : `${minutes} min`, seconds === undefined ? '' : `${seconds} s`]
      .filter((unit) => unit !== '')
      .join(' '),
  perSecond: (size) => `${size}/s`,
  rowLine,
  progressText: (loaded, total, percent) => `${loaded} of ${total} (${percent})`,
  errors: {
    network: 'The connection was lost.',
    timeout: 'The server took too long to answer.',
    aborted: 'The upload was stopped.',
    'expired-credential': 'The upload permission expired.',
    auth: 'The storage refused the upload permission.',
    throttled: 'The storage asked to slow down.',
    conflict: 'A file with this name is already being stored.',
    'session-gone': 'The storage no longer knows this upload.',
    integrity: 'The file arrived damaged.',
    client: 'The storage refused the request.',
    server: 'The storage had a problem.',
    protocol: 'The storage answered in an unexpected way.',
    config: 'The uploader is not set up correctly for this storage.',
    invalid: 'This file cannot be uploaded.',
  },
  originNotAllowed: 'The storage address is not on this uploader’s upload-origins list, so nothing was sent.',
  signerRefusals: {
    Unauthenticated: 'Sign in again to upload.',
    Forbidden: 'You are not allowed to upload here.',
    FileTooLarge: 'The server does not accept files this large.',
    FileTypeNotAllowed: 'The server does not accept this type of file.',
    TooManyUploads: 'Too many uploads are open; finish or cancel one first.',
  },

  pause: (name) => `Pause ${name}`,
  resume: (name) => `Resume ${name}`,
  retry: (name) => `Retry ${name}`,
  cancel: (name) => `Cancel ${name}`,
  remove: (name) => `Remove ${name} from the list`,
  pauseLabel: 'Pause',
  resumeLabel: 'Resume',
  retryLabel: 'Retry',
  cancelLabel: 'Cancel',
  removeLabel: 'Remove',

  summary: ({ total, done, failed, remaining }) => {
    const uploaded = `${done} of ${files(total)} uploaded`;
    if (failed > 0 && remaining > 0) return `${uploaded}, ${failed} failed, ${remaining} remaining`;
    if (failed > 0) return `${uploaded}, ${failed} failed`;
    if (remaining > 0) return `${uploaded}, ${remaining} remaining`;
    return uploaded;
  },
  retryAllLabel: (count) => (count === 1 ? 'Retry the failed file' : `Retry ${count} failed files`),
  clearFinishedLabel: (count) => (count === 1 ? 'Clear 1 finished file' : `Clear ${count} finished files`),
  foldedFiles: ({ total, done, waiting }) => {
    const counts = [done > 0 ? `${done} uploaded` : '', waiting > 0 ? `${waiting} waiting` : ''].filter((part) => part !== '');
    return counts.length === 0 ? `${files(total)} not shown` : `${files(total)} not shown: ${counts.join(', ')}`;
  },
  showMore: (count) => `Show ${count} more`,
  totalLabel: 'All uploads',
  totalLine: ({ loaded, total, speed, eta }) => {
    if (speed === undefined) return `${loaded} of ${total}`;
    if (eta === undefined) return `${loaded} of ${total} at ${speed}`;
    return `${loaded} of ${total} at ${speed}, ${eta} left`;
  },
  offline: 'Offline: uploads continue when the connection is back.',
  backOnline: 'Back online: uploads continue.',
  conditionBegan: (name, kind) => {
    switch (kind) {
      case 'retrying':
        return `${name}: connection trouble, retrying.`;
      case 'throttled':
        return `${name}: the storage asked to slow down.`;
      case 'waiting-for-signature':
        return `${name}: waiting for a new upload permission.`;
      case 'stalled':
        return `${name}: stalled, nothing is being sent.`;
    }
  },

  filesAdded: (count) => `${files(count)} added.`,
  uploaded: (name) => `${name} uploaded.`,
  failed: (name, reason) => `${name} failed. ${reason}`,
  canceled: (name) => `${name} canceled.`,
  paused: (name) => `${name} paused.`,
  queueComplete: (succeeded, failed, canceled) =>
    `All uploads finished: ${succeeded} uploaded` +
    (failed > 0 ? `, ${failed} failed` : '') +
    (canceled > 0 ? `, ${canceled} canceled` : '') +
    '.',
  rejected: (name, reason, limit) =>
    reason === 'file-too-large'
      ? `${name} is larger than the limit of ${limit}.`
      : reason === 'file-type'
        ? `${name} is not a type this uploader accepts.`
        : `${name} cannot be uploaded.`,

  tooManyFiles: (turnedAway, limit) =>
    `${turnedAway === 1 ? '1 file was' : `${turnedAway} files were`} turned away: this uploader takes at most ${files(limit)}.`,
  badMaxFiles: (value) => `max-files must be a whole number of at least 1, not “${value}”. Any number of files is taken until it is fixed.`,

  interruptedTitle: 'Unfinished uploads',
  interruptedState: (percent, age) => `${percent} uploaded, stopped ${age}`,
  interruptedPickAgain: 'Choose or drop this file again to continue.',
  ago: (count, unit) => `${count} ${unit}${count === 1 ? '' : 's'} ago`,
  justNow: 'just now',
  discard: (name) => `Discard the unfinished upload of ${name}`,
  discardLabel: 'Discard',
  interruptedFound: (count) =>
    count === 1 ? '1 unfinished upload can be continued.' : `${count} unfinished uploads can be continued.`,
  discarded: (name) => `The unfinished upload of ${name} was discarded.`,
  resumeRefused: (name) => `Reading ${name} again was not allowed. Choose or drop the file to continue.`,
  resumeMissing: (name) => `${name} could not be opened; it may have been moved or changed. Choose or drop the file to continue.`,
  journalFallback:
    'This browser does not let the page save upload progress, so uploads cannot continue after a reload or a crash. Keep this page open until they finish.',

  invalidAttribute: (attribute, value) => {
    switch (attribute) {
      case 'provider':
        if (value === '') return 'No storage provider is set (the provider attribute). Uploads are off until it is set.';
        return `Unknown storage provider “${value}”. Uploads are off until it is fixed.`;
      case 'endpoint':
        return `The endpoint “${value}” is not a valid URL. Uploads are off until it is fixed.`;
      case 'signer-credentials':
        return `signer-credentials must be “same-origin” or “include”, not “${value}”. Uploads are off until it is fixed.`;
      case 'concurrency':
        return `concurrency must be a whole number from 1 to 16, not “${value}”. The previous value is kept.`;
      case 'part-size':
        return `part-size must be a size in bytes such as 8388608, 8MiB or 5MB, not “${value}”. The previous value is kept.`;
      case 'max-file-size':
        return `max-file-size must be a size in bytes such as 104857600, 100MiB or 2GB, not “${value}”. The previous value is kept.`;
      case 'upload-origins':
        return `upload-origins must list origins such as https://bucket.example.com or https://*.example.com; “${value}” is not one. Uploads are off until it is fixed.`;
    }
  },
  settingsRefused: (detail) => `The uploader's settings were refused: ${detail}`,
  notConfigured: 'This uploader has no endpoint or signer yet, so it cannot upload.',

  formPending: 'Please wait until the uploads have finished.',
  formFailed: 'Some uploads failed. Retry or remove them first.',
  formRequired: 'Please upload at least one file.',
};
