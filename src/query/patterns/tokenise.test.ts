import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TOKENS, tokenise } from './tokenise.js';

const masked = (message: string): string => tokenise(message).masked.join(' ');

describe('tokenise', () => {
  it('masks numbers inside a token and keeps its constant part', () => {
    assert.equal(
      masked('blk_-1608999687919862906 uid=0 onExtend:1514038530000 v2'),
      'blk_<*> uid=<*> onExtend:<*> <*>',
    );
    assert.equal(
      masked('port 22 ssh2 via SOCKS5 on eth0 of MININT-FNANLI5'),
      'port <*> ssh2 via SOCKS5 on eth0 of MININT-<*>',
    );
  });

  it('masks addresses, ids and paths whole', () => {
    assert.equal(masked('from /10.250.19.102:54106 to proxy.example.org:5070'), 'from <*> to <*>');
    assert.equal(masked('[instance: 4f3c2a10-8e7d-4b6a-9c21-5d0e7f13a8b2] at fe80::1'), '[instance: <*> at <*>');
    assert.equal(masked('open /var/log/messages and C:\\Windows\\System32\\x.dll'), 'open <*> and <*>');
    assert.equal(masked('mail to someone@example.com via https://mx.example.com/x'), 'mail to <*> via <*>');
    assert.equal(masked('kid deadbeef key SHA256:Xy+abcDEFghiJKLmno/pqrSTU1vwx'), 'kid <*> key <*>');
    assert.equal(masked('Addr: 2607:f140:6000:8:c6b3:1ff:fecd:467f bssid 5c:50:15:36:bc:03'), 'Addr: <*> bssid <*>');
  });

  it('masks whole a token of numbers joined by one- or two-letter tags, an id, but keeps longer words', () => {
    assert.equal(masked('on R02-M1-N0-C:J12-U11'), 'on <*>');
    assert.equal(masked('on R23-M0-NE-C:J05-U01'), 'on <*>');
    assert.equal(masked('enable_2G:1, node-12 AirPort_Brcm43xx::sync'), 'enable_<*>, node-<*> AirPort_<*>::sync');
  });

  it('masks a name of three dotted parts (a host, a package, a job) unless a part is a constant in capitals', () => {
    assert.equal(masked('com.apple.icloud.fmfd.heartbeat: told me'), '<*> told me');
    assert.equal(masked('use mapreduce.task.attempt.id on ns.example.com'), 'use <*> on <*>');
    assert.equal(
      masked('action: android.intent.action.SCREEN_ON via mVisiblity.getValue'),
      'action: android.intent.action.SCREEN_ON via mVisiblity.getValue',
    );
  });

  it('makes a number and its unit, and a timestamp, one value', () => {
    assert.equal(masked('lifetime <1 sec'), masked('lifetime 00:02'));
    assert.equal(masked('took 12 ms'), 'took <*>');
    assert.equal(masked('at Fri Jul 22 09:38:47 2005 done'), 'at <*> done');
  });

  it('makes a run of alike masked values one token, so lists of any length match, but not unlike ones', () => {
    assert.equal(masked('delete blk_1 blk_-2 blk_3'), 'delete blk_<*>');
    assert.equal(masked('REPORT : 7028 5193 150000 240'), 'REPORT : <*>');
    assert.equal(masked('from 10.0.0.1 (10.0.0.2): abort'), 'from <*> <*> abort');
    assert.equal(masked('nodesets node-31 0x1f <ok> node-0 0xfe <ok> node-1 0xfe <ok>'), 'nodesets node-<*> <*> <ok>');
    assert.equal(masked('very very good'), 'very very good');
  });

  it('makes a quoted string with spaces one value, or a name and one value', () => {
    assert.equal(masked('10.0.0.1 "GET /v2/servers HTTP/1.1" status: 200'), '<*> "GET <*>" status: <*>');
    assert.equal(masked('Search "running shoes" returned'), 'Search "<*>" returned');
    assert.equal(masked('tag="View Lock", uid=1'), 'tag=<*>", uid=<*>');
  });

  it('keeps words and punctuation as they are', () => {
    assert.equal(masked('Connection closed by peer [preauth]'), 'Connection closed by peer [preauth]');
  });

  it('keeps a key=value whose value is a plain word, and masks quoted or dotted values', () => {
    assert.equal(masked('force=false mode=fast name=com.android.phone'), 'force=false mode=fast name=<*>');
  });

  it('looks at no more than MAX_TOKENS tokens', () => {
    assert.equal(
      tokenise(Array.from({ length: 1000 }, (_, i) => `w${'abcdefghij'[i % 10]}x`).join(' ')).masked.length,
      MAX_TOKENS,
    );
  });
});
