import type { Translation } from './translation.js';

const files = (count: number): string => (count === 1 ? '1 file' : `${count} files`);

export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',
  sizeUnits: ['B', 'kB', 'MB', 'GB', 'TB'],

  dropZone: (multiple) => (multiple ? 'Drop files here or' : 'Drop a file here or'),
  chooseFiles: (multiple) => (multiple ? 'choose files' : 'choose a file'),
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

  summary: ({ total, done, failed, active }) =>
    [`${done} of ${files(total)} uploaded`, failed > 0 ? `${failed} failed` : '', active > 0 ? `${active} in progress` : '']
      .filter((part) => part !== '')
      .join(', '),

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

  interruptedTitle: 'Unfinished uploads',
  interruptedState: (percent, age) => `${percent} uploaded, stopped ${age}`,
  interruptedPickAgain: 'Choose or drop this file again to continue.',
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
    }
  },
  settingsRefused: (detail) => `The uploader's settings were refused: ${detail}`,
  notConfigured: 'This uploader has no endpoint or signer yet, so it cannot upload.',
};
