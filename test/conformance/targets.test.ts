/**
 * The targets the shared conformance suite (protocol-conformance.ts) runs against, one line
 * each; each module holds its target's sizes and its way of spoiling a credential.
 */
import './targets/oss.js';
import './targets/qiniu.js';
import './targets/qiniu-v2.js';
import './targets/s3.js';
import './targets/cos-v4.js';
import './targets/qingstor.js';
import './targets/azure.js';
