import type { Translation } from './translation.js';

export const zhCn: Translation = {
  $code: 'zh-CN',
  $name: '简体中文',
  $dir: 'ltr',
  sizeUnits: ['B', 'kB', 'MB', 'GB', 'TB'],

  dropZone: () => '将文件拖到此处，或',
  chooseFiles: (multiple) => (multiple ? '选择文件' : '选择一个文件'),
  dropHere: '松开即可添加',
  fileListLabel: '上传列表',

  states: {
    queued: '等待中',
    preparing: '准备中',
    uploading: '上传中',
    completing: '正在完成',
    paused: '已暂停',
    blocked: '正在其他标签页上传',
    done: '已上传',
    failed: '失败',
    canceled: '已取消',
  },
  progressText: (loaded, total, percent) => `已上传 ${loaded}，共 ${total}（${percent}）`,
  errors: {
    network: '网络连接中断。',
    timeout: '服务器响应超时。',
    aborted: '上传已停止。',
    'expired-credential': '上传授权已过期。',
    auth: '存储服务拒绝了上传授权。',
    throttled: '存储服务要求降低上传速度。',
    conflict: '同名文件正在被存储。',
    'session-gone': '存储服务已找不到此次上传。',
    integrity: '文件在传输中损坏。',
    client: '存储服务拒绝了请求。',
    server: '存储服务出现故障。',
    protocol: '存储服务的响应不符合预期。',
    config: '上传组件与此存储服务的配置不正确。',
    invalid: '无法上传此文件。',
  },
  signerRefusals: {
    Unauthenticated: '请重新登录后再上传。',
    Forbidden: '你没有在此上传的权限。',
    FileTooLarge: '服务器不接受这么大的文件。',
    FileTypeNotAllowed: '服务器不接受此类型的文件。',
    TooManyUploads: '打开的上传太多，请先完成或取消一个。',
  },

  pause: (name) => `暂停 ${name}`,
  resume: (name) => `继续 ${name}`,
  retry: (name) => `重试 ${name}`,
  cancel: (name) => `取消 ${name}`,
  remove: (name) => `从列表中移除 ${name}`,
  pauseLabel: '暂停',
  resumeLabel: '继续',
  retryLabel: '重试',
  cancelLabel: '取消',
  removeLabel: '移除',

  summary: ({ total, done, failed, active }) =>
    [`共 ${total} 个文件，已上传 ${done} 个`, failed > 0 ? `失败 ${failed} 个` : '', active > 0 ? `进行中 ${active} 个` : '']
      .filter((part) => part !== '')
      .join('，'),

  filesAdded: (count) => `已添加 ${count} 个文件。`,
  uploaded: (name) => `${name} 已上传。`,
  failed: (name, reason) => `${name} 上传失败。${reason}`,
  canceled: (name) => `${name} 已取消。`,
  paused: (name) => `${name} 已暂停。`,
  queueComplete: (succeeded, failed, canceled) =>
    `全部上传结束：成功 ${succeeded} 个` +
    (failed > 0 ? `，失败 ${failed} 个` : '') +
    (canceled > 0 ? `，取消 ${canceled} 个` : '') +
    '。',
  rejected: (name, reason, limit) =>
    reason === 'file-too-large'
      ? `${name} 超过了 ${limit} 的大小限制。`
      : reason === 'file-type'
        ? `不接受 ${name} 的文件类型。`
        : `无法上传 ${name}。`,

  interruptedTitle: '未完成的上传',
  interruptedState: (percent, age) => `已上传 ${percent}，${age}中断`,
  interruptedPickAgain: '再次选择或拖入此文件即可继续。',
  justNow: '刚刚',
  discard: (name) => `放弃 ${name} 的未完成上传`,
  discardLabel: '放弃',
  interruptedFound: (count) => `有 ${count} 个未完成的上传可以继续。`,
  discarded: (name) => `已放弃 ${name} 的未完成上传。`,
  resumeRefused: (name) => `未获准再次读取 ${name}。请重新选择或拖入该文件以继续。`,
  resumeMissing: (name) => `无法打开 ${name}，文件可能已被移动或修改。请重新选择或拖入该文件以继续。`,
  journalFallback: '此浏览器不允许页面保存上传进度，刷新页面或浏览器崩溃后上传将无法继续。请在上传完成前保持此页面打开。',

  invalidAttribute: (attribute, value) => {
    switch (attribute) {
      case 'provider':
        if (value === '') return '未设置存储服务（provider 属性）。设置之前无法上传。';
        return `未知的存储服务“${value}”。修正之前无法上传。`;
      case 'endpoint':
        return `endpoint“${value}”不是有效的 URL。修正之前无法上传。`;
      case 'signer-credentials':
        return `signer-credentials 必须是“same-origin”或“include”，而不是“${value}”。修正之前无法上传。`;
      case 'concurrency':
        return `concurrency 必须是 1 到 16 之间的整数，而不是“${value}”。仍使用之前的值。`;
      case 'part-size':
        return `part-size 必须是字节数，例如 8388608、8MiB 或 5MB，而不是“${value}”。仍使用之前的值。`;
      case 'max-file-size':
        return `max-file-size 必须是字节数，例如 104857600、100MiB 或 2GB，而不是“${value}”。仍使用之前的值。`;
    }
  },
  settingsRefused: (detail) => `上传组件的设置无效：${detail}`,
  notConfigured: '尚未设置 endpoint 或 signer，无法上传。',
};
