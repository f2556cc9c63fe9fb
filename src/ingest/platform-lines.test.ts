import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlainText } from './plain-text.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('parsePlainText: platform layouts', () => {
  it("reads HDFS's `yyMMdd HHmmss pid LEVEL logger: message` with pid and logger as fields", () => {
    assert.deepEqual(
      parsePlainText('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating', NOW),
      {
        format: 'text',
        time: Date.UTC(2008, 10, 9, 20, 36, 15),
        level: 'info',
        message: 'PacketResponder 1 terminating',
        fields: { pid: 148, logger: 'dfs.DataNode$PacketResponder' },
      },
    );
  });

  it("reads Hadoop's log4j layout, whose logger ends in a colon", () => {
    const p = parsePlainText(
      '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.MRAppMaster: Created',
      NOW,
    );
    assert.deepEqual(
      [p?.level, p?.message, p?.fields],
      ['info', 'Created', { logger: 'org.apache.hadoop.mapreduce.MRAppMaster' }],
    );
  });

  it("reads Hadoop's log4j layout behind a thread named after the file and block it writes", () => {
    const thread =
      'DataStreamer for file /tmp/hadoop-yarn/staging/ana/.staging/job_1445100000000_0003/job_1445100000000_0003_1.jhist block BP-2211009-10.0.4.7-1444900000000:blk_1073741990_1166';
    const p = parsePlainText(
      `2015-10-19 14:22:05,771 WARN [${thread}] org.apache.hadoop.hdfs.DFSClient: Error Recovery for block blk_1073741990_1166`,
      NOW,
    );
    assert.deepEqual(
      [p?.level, p?.message, p?.fields],
      ['warn', 'Error Recovery for block blk_1073741990_1166', { logger: 'org.apache.hadoop.hdfs.DFSClient' }],
    );
  });

  it("reads ZooKeeper's `- LEVEL [thread:Class@line] - message`, a thread name with brackets in it", () => {
    const p = parsePlainText(
      '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      NOW,
    );
    assert.deepEqual(
      [p?.time, p?.level, p?.message, p?.fields],
      [
        Date.UTC(2015, 6, 29, 17, 41, 44, 747),
        'info',
        'Notification time out: 3200',
        { source: 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774' },
      ],
    );
  });

  it("reads OpenStack's oslo.log: pid, level, logger and request context before the message", () => {
    const p = parsePlainText(
      '2017-05-16 00:00:04.500 2931 WARNING nova.compute.manager [req-addc1839 - - - - -] [instance: 127e] Instance failed',
      NOW,
    );
    assert.deepEqual(
      [p?.level, p?.message, p?.fields],
      [
        'warn',
        '[instance: 127e] Instance failed',
        { pid: 2931, logger: 'nova.compute.manager', context: 'req-addc1839 - - - - -' },
      ],
    );
  });

  it("reads Windows' CBS log: the level after a comma, the component as a field", () => {
    const p = parsePlainText('2016-09-28 04:30:31, Warning               CBS    Failed to get next element', NOW);
    assert.deepEqual([p?.level, p?.message, p?.fields], ['warn', 'Failed to get next element', { component: 'CBS' }]);
  });

  it("reads Android's logcat threadtime, inferring the year, with pid, tid and tag as fields", () => {
    assert.deepEqual(parsePlainText('03-17 16:13:38.811  1702  2395 D WindowManager: opening app', NOW), {
      format: 'text',
      time: Date.UTC(2026, 2, 17, 16, 13, 38, 811),
      level: 'debug',
      message: 'opening app',
      fields: { pid: 1702, tid: 2395, tag: 'WindowManager' },
    });
  });

  it("reads Blue Gene/L's RAS log at its epoch second (its own time is local), with its microseconds and FAILURE as fatal", () => {
    const p = parsePlainText(
      'KERNMNTF 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FAILURE Lustre mount FAILED',
      NOW,
    );
    assert.ok(Math.abs((p?.time ?? 0) - (Date.UTC(2005, 5, 12, 0, 32, 7, 581) + 0.048)) < 1e-3, String(p?.time));
    assert.deepEqual(
      [p?.level, p?.message, p?.fields],
      [
        'fatal',
        'Lustre mount FAILED',
        { node: 'R30-M0-N9-C:J16-U01', type: 'RAS', component: 'KERNEL', alert: 'KERNMNTF' },
      ],
    );
  });

  it('reads a Blue Gene/L line that ends at its level, with an empty message', () => {
    const p = parsePlainText(
      '- 1118000000 2005.06.05 R11-M0-N3-C:J04-U11 2005-06-05-12.33.20.000001 R11-M0-N3-C:J04-U11 RAS KERNEL INFO',
      NOW,
    );
    assert.deepEqual([p?.time, p?.level, p?.message], [1118000000000 + 0.001, 'info', '']);
  });

  it('leaves a number after a timestamp in the message when no level follows it', () => {
    const p = parsePlainText('2026-11-28 11:00:00 12 items processed', NOW);
    assert.deepEqual([p?.level, p?.message, p?.fields], [undefined, '12 items processed', undefined]);
  });

  it("reads Thunderbird's syslog behind the repository's head at its epoch second, not the syslog's local time", () => {
    const p = parsePlainText(
      '- 1131653000 2005.11.10 tn41 Nov 10 12:03:20 tn41/tn41 sshd[4121]: Accepted publickey for ops from 10.1.4.7 port 50122',
      NOW,
    );
    assert.deepEqual(
      [p?.time, p?.service, p?.message, p?.fields],
      [
        Date.UTC(2005, 10, 10, 20, 3, 20),
        'sshd',
        'Accepted publickey for ops from 10.1.4.7 port 50122',
        { host: 'tn41', pid: 4121 },
      ],
    );
  });

  it('reads the HPC log with its epoch seconds and the head as fields', () => {
    const p = parsePlainText('460574 node-5 node boot 1145564187 1 boot (command 4019)', NOW);
    assert.deepEqual(
      [p?.time, p?.message, p?.fields],
      [1145564187000, 'boot (command 4019)', { id: 460574, node: 'node-5', component: 'node', state: 'boot', flag: 1 }],
    );
  });

  it("reads HealthApp's `time|component|pid|message`, with unpadded hours and minutes", () => {
    const p = parsePlainText('20171224-0:2:3:55|Step_SPUtils|30002312|steps = 1514044800000', NOW);
    assert.deepEqual(
      [p?.time, p?.message, p?.fields],
      [Date.UTC(2017, 11, 24, 0, 2, 3, 55), 'steps = 1514044800000', { component: 'Step_SPUtils', pid: 30002312 }],
    );
  });

  it("reads Proxifier's `[MM.dd HH:mm:ss] program - message`, inferring the year", () => {
    const p = parsePlainText('[10.30 16:49:07] chrome.exe - proxy:5070 close, 0 bytes sent', NOW);
    assert.deepEqual(
      [p?.time, p?.message, p?.fields],
      [Date.UTC(2026, 9, 30, 16, 49, 7), 'proxy:5070 close, 0 bytes sent', { program: 'chrome.exe' }],
    );
    assert.deepEqual(parsePlainText('[10.30 16:54:50] Dropbox.exe *64 - proxy:5070 open', NOW)?.fields, {
      program: 'Dropbox.exe *64',
    });
  });

  it('reads a line behind the name of its file (`grep -H`), keeping the name as a field', () => {
    const p = parsePlainText('api.log.1:2026-11-28 11:00:00,123 ERROR [main] com.shop.Api - down', NOW);
    assert.deepEqual(
      [p?.time, p?.level, p?.message, p?.fields],
      [Date.UTC(2026, 10, 28, 11, 0, 0, 123), 'error', 'down', { logger: 'com.shop.Api', file: 'api.log.1' }],
    );
  });
});
