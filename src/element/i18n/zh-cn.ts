import type { ErrorKind } from '../../transport/upload-error.js';
import type { RowLine, Translation } from './translation.js';

const RETRY_CAUSE: Partial<Record<ErrorKind, string>> = {
  network: '网络连接中断',
  timeout: '存储服务无响应',
  server: '存储服务出现故障',
  integrity: '分片在传输中损坏',
  protocol: '存储服务的响应不符合预期',
};

function rowLine(line: RowLine): string {
  switch (line.kind) {
    case 'state':
      return zhCn.states[line.state];
    case 'uploading': {
      const bytes = `已上传 ${line.loaded}，共 ${line.total}`;
      if (line.speed === undefined) return `上传中：${bytes}`;
      if (line.eta === undefined) return `上传中：${bytes}，速度 ${line.speed}`;
      return `上传中：${bytes}，速度 ${line.speed}，剩余 ${line.eta}`;
    }
    case 'elsewhere':
      return `正在其他标签页上传：${line.percent}`;
    case 'failed':
      return `失败：${line.reason}`;
    case 'retrying': {
      const cause = RETRY_CAUSE[line.reason] ?? '请求失败';
      return line.wait === undefined ? `${cause}，正在重试` : `${cause}，${line.wait}后重试`;
    }
    case 'throttled':
      return line.wait === undefined ? '存储服务要求降低速度，正在重试' : `存储服务要求降低速度，${line.wait}后重试`;
    case 'waiting-for-network':
      return '网络已断开，正在等待网络恢复';
    case 'waiting-for-signature':
      return '正在等待新的上传授权';
    case 'stalled':
      return `传输停滞：已有 ${line.for}没有发送数据`;
  }
}

export const zhCn: Translation = {
  $code: 'zh-CN',
  $name: '简体中文',
  $dir: 'ltr',
  sizeUnits: ['B', 'kB', 'MB', 'GB', 'TB'],

  dropZone: () => '将文件拖到此处，或',
  chooseFiles: (multiple) => (multiple ? '选择文件' : '选择一个文件'),
  chooseFolder: '选择文件夹',
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
  sizeWithUnit: (number, unit) => `${number} ${unit}`,
  percent: (number) => `${number}%`,
  duration: ({ hours, minutes, seconds }) =>
    `${hours === undefined ? '' : `${hours}小时`}${minutes === undefined ? '' : `${minutes}${seconds === undefined ? '分钟' : '分'}`}${seconds === undefined ? '' : `${seconds}秒`}`,
  perSecond: (size) => `${size}/秒`,
  rowLine,
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
  originNotAllowed: '存储地址不在此上传组件的 upload-origins 列表中，未发送任何内容。',
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

  summary: ({ total, done, failed, remaining }) => {
    const uploaded = `共 ${total} 个文件，已上传 ${done} 个`;
    if (failed > 0 && remaining > 0) return `${uploaded}，失败 ${failed} 个，剩余 ${remaining} 个`;
    if (failed > 0) return `${uploaded}，失败 ${failed} 个`;
    if (remaining > 0) return `${uploaded}，剩余 ${remaining} 个`;
    return uploaded;
  },
  retryAllLabel: (count) => `重试 ${count} 个失败的文件`,
  clearFinishedLabel: (count) => `清除 ${count} 个已结束的文件`,
  foldedFiles: ({ total, done, waiting }) => {
    const counts = [done > 0 ? `已上传 ${done} 个` : '', waiting > 0 ? `等待中 ${waiting} 个` : ''].filter((part) => part !== '');
    return counts.length === 0 ? `另有 ${total} 个文件未显示` : `另有 ${total} 个文件未显示：${counts.join('，')}`;
  },
  showMore: (count) => `再显示 ${count} 个`,
  totalLabel: '全部上传',
  totalLine: ({ loaded, total, speed, eta }) => {
    if (speed === undefined) return `已上传 ${loaded}，共 ${total}`;
    if (eta === undefined) return `已上传 ${loaded}，共 ${total}，速度 ${speed}`;
    return `已上传 ${loaded}，共 ${total}，速度 ${speed}，剩余 ${eta}`;
  },
  offline: '网络已断开：连接恢复后将继续上传。',
  backOnline: '网络已恢复：继续上传。',
  conditionBegan: (name, kind) => {
    switch (kind) {
      case 'retrying':
        return `${name}：连接出现问题，正在重试。`;
      case 'throttled':
        return `${name}：存储服务要求降低速度。`;
      case 'waiting-for-signature':
        return `${name}：正在等待新的上传授权。`;
      case 'stalled':
        return `${name}：传输停滞，没有发送数据。`;
    }
  },

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

  tooManyFiles: (turnedAway, limit) => `已拒绝 ${turnedAway} 个文件：最多只能上传 ${limit} 个文件。`,
  badMaxFiles: (value) => `max-files 必须是不小于 1 的整数，而不是“${value}”。修正之前不限制文件数量。`,

  interruptedTitle: '未完成的上传',
  interruptedState: (percent, age) => `已上传 ${percent}，${age}中断`,
  interruptedPickAgain: '再次选择或拖入此文件即可继续。',
  ago: (count, unit) => `${count}${{ minute: '分钟', hour: '小时', day: '天' }[unit]}前`,
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
      case 'upload-origins':
        return `upload-origins 必须列出来源，例如 https://bucket.example.com 或 https://*.example.com；“${value}”不是。修正之前无法上传。`;
    }
  },
  settingsRefused: (detail) => `上传组件的设置无效：${detail}`,
  notConfigured: '尚未设置 endpoint 或 signer，无法上传。',

  formPending: '请等待上传完成。',
  formFailed: '部分文件上传失败，请先重试或移除。',
  formRequired: '请至少上传一个文件。',
};
