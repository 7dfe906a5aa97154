/** The playground's own text; the element translates itself. */
export interface DemoStrings {
  readonly title: string;
  readonly intro: string;
  readonly provider: string;
  readonly language: string;
  readonly settings: string;
  readonly concurrency: string;
  readonly partSize: string;
  readonly chaos: string;
  readonly chaosIntro: string;
  readonly clearFaults: string;
  readonly activeFaults: (count: number) => string;
  readonly presets: Readonly<Record<string, string>>;
  readonly requestLog: string;
  readonly logEmpty: string;
  readonly logColumns: readonly string[];
  readonly results: string;
  readonly resultsEmpty: string;
  readonly resultColumns: readonly string[];
  readonly md5Match: string;
  readonly md5Mismatch: string;
  readonly hashing: string;
  /** No fault fired for a finished upload: the storage took none of its bytes through the part operations. */
  readonly noFaultFired: (file: string) => string;
  readonly forgetStored: string;
}

export const STRINGS: Readonly<Record<'en' | 'zh-CN', DemoStrings>> = {
  en: {
    title: 'chunk-uploader playground',
    intro: 'Files go to a local storage emulator in parts. Break the network on the right and watch the uploads recover.',
    provider: 'Storage',
    language: 'Language',
    settings: 'Settings',
    concurrency: 'Connections',
    partSize: 'Part size',
    chaos: 'Chaos',
    chaosIntro: 'Faults apply to part uploads of the selected storage until cleared.',
    clearFaults: 'Clear all faults',
    activeFaults: (count) => (count === 0 ? 'No faults active.' : count === 1 ? '1 fault active.' : `${count} faults active.`),
    presets: {
      fail500: 'Fail 30 % of parts with HTTP 500',
      reset: 'Reset 20 % of part connections mid-body',
      stall: 'Stall the next part (no bytes, no answer)',
      expire: 'Expire the next 2 part signatures',
      throttle: 'Throttle 20 % of parts (503 SlowDown)',
      corrupt: 'Corrupt the bytes of the next part',
      slow: 'Delay every part by 1 s',
    },
    requestLog: 'Requests the storage saw',
    logEmpty: 'No requests yet.',
    logColumns: ['#', 'Operation', 'Status', 'Bytes in', 'Fault', 'Path'],
    results: 'Stored objects',
    resultsEmpty: 'Finished uploads appear here, checked against the storage.',
    resultColumns: ['File', 'Stored at', 'MD5 as stored'],
    md5Match: 'same bytes',
    md5Mismatch: 'DIFFERENT',
    hashing: 'hashing…',
    noFaultFired: (file) =>
      `No fault fired for ${file}: no part bytes were sent. The storage already held these bytes and kept them without an upload (COS v4 instant upload), or the file went up in one request, which the faults do not touch. A new key does not help: instant upload goes by content. Forget the stored copies (the faults stay) and upload it again.`,
    forgetStored: 'Forget the stored copies',
  },
  'zh-CN': {
    title: 'chunk-uploader 演示',
    intro: '文件分片上传到本地的存储模拟器。在右侧制造网络故障，观察上传如何恢复。',
    provider: '存储服务',
    language: '语言',
    settings: '设置',
    concurrency: '连接数',
    partSize: '分片大小',
    chaos: '故障注入',
    chaosIntro: '故障作用于所选存储服务的分片上传，直到清除。',
    clearFaults: '清除所有故障',
    activeFaults: (count) => (count === 0 ? '没有生效的故障。' : `${count} 个故障生效中。`),
    presets: {
      fail500: '30% 的分片返回 HTTP 500',
      reset: '20% 的分片连接在传输中被重置',
      stall: '下一个分片卡住（不收数据，不响应）',
      expire: '接下来 2 个分片的签名过期',
      throttle: '20% 的分片被限流（503 SlowDown）',
      corrupt: '篡改下一个分片的数据',
      slow: '每个分片延迟 1 秒',
    },
    requestLog: '存储服务收到的请求',
    logEmpty: '暂无请求。',
    logColumns: ['#', '操作', '状态', '接收字节', '故障', '路径'],
    results: '已存储的对象',
    resultsEmpty: '上传完成的文件会显示在这里，并与存储服务核对。',
    resultColumns: ['文件', '存储位置', '存储的 MD5'],
    md5Match: '内容一致',
    md5Mismatch: '内容不一致',
    hashing: '计算中…',
    noFaultFired: (file) =>
      `${file} 没有触发任何故障：没有发送分片数据。存储服务已有相同内容，未上传即保存（COS v4 秒传），或者文件以单个请求上传，故障不作用于它。换一个对象键也没有用：秒传按内容判断。清除已存储的副本（故障保留）后再上传一次。`,
    forgetStored: '清除已存储的副本',
  },
};

export type DemoLang = keyof typeof STRINGS;
