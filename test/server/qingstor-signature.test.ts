import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qingstorSign, qingstorStringToSign } from '../../server/verify/qingstor.js';

const SECRET = 'ENV_SECRET_ACCESS_KEY';
const DATE = 'Mon, 01 Jan 0001 00:00:00 GMT';
const SUBRESOURCES = { acl: null, upload_id: 'fde133b5f6d932cd9c79bac3c7318da1', part_number: '0' };
const TEST_HEADERS = { 'X-QS-Test-2': 'Test 2', 'X-QS-Test-1': 'Test 1' };

/** Vectors from protocols.md 3.2: three verified against the Go SDK's tests, one computed. */
describe('QingStor signature (our own verifier)', () => {
  it('reproduces the header vector signed with a Date header', () => {
    const sts = qingstorStringToSign({
      method: 'GET',
      contentMd5: '',
      contentType: '',
      dateOrExpires: DATE,
      headers: { ...TEST_HEADERS, Date: DATE },
      path: '/',
      query: SUBRESOURCES,
    });

    assert.equal(
      sts,
      'GET\n\n\nMon, 01 Jan 0001 00:00:00 GMT\nx-qs-test-1:Test 1\nx-qs-test-2:Test 2\n/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1',
    );
    assert.equal(qingstorSign(SECRET, sts), 'bvglZF9iMOv1RaCTxPYWxexmt1UN2m5WKngYnhDEp2c=');
  });

  it('reproduces the header vector signed with X-QS-Date, which empties the date line', () => {
    const sts = qingstorStringToSign({
      method: 'GET',
      contentMd5: '',
      contentType: '',
      dateOrExpires: '',
      headers: { ...TEST_HEADERS, 'X-QS-Date': DATE },
      path: '/',
      query: SUBRESOURCES,
    });

    assert.equal(
      sts,
      'GET\n\n\n\nx-qs-date:Mon, 01 Jan 0001 00:00:00 GMT\nx-qs-test-1:Test 1\nx-qs-test-2:Test 2\n/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1',
    );
    assert.equal(qingstorSign(SECRET, sts), 'qkY+tOMdqfDAVv+ZBtlWeEBxlbyIKaQmj5lQlylENzo=');
  });

  it('reproduces the query vector, where expires takes the place of the date', () => {
    const sts = qingstorStringToSign({
      method: 'GET',
      contentMd5: '',
      contentType: '',
      dateOrExpires: '3600',
      headers: TEST_HEADERS,
      path: '/',
      query: { ...SUBRESOURCES, access_key_id: 'ak', limit: '10' },
    });

    assert.equal(sts, 'GET\n\n\n3600\nx-qs-test-1:Test 1\nx-qs-test-2:Test 2\n/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1');
    assert.equal(qingstorSign(SECRET, sts), 'GRL3p3NOgHR9CQygASvyo344vdnO1hFke6ZvQ5mDVHM=');
  });

  it('reproduces the computed UploadPart presign, signed with an empty Content-Type as a sliced Blob is sent', () => {
    const sts = qingstorStringToSign({
      method: 'PUT',
      contentMd5: '',
      contentType: '',
      dateOrExpires: '1572592959',
      headers: {},
      path: '/mybucket/large-object',
      query: { part_number: '0', upload_id: '4d26b37a469230619604ecdc0e314782' },
    });

    assert.equal(sts, 'PUT\n\n\n1572592959\n/mybucket/large-object?part_number=0&upload_id=4d26b37a469230619604ecdc0e314782');
    assert.equal(qingstorSign(SECRET, sts), 'gE76JBEnB3zL04cz/bFqUeY9vfgMsjbdM/L1eKnlMmI=');
  });
});
