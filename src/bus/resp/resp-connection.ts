import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import { describeError } from '../errors.js';
import { redactSecrets } from '../redis-url.js';
import { encodeCommand } from './resp-encoder.js';
import { RespError, RespParser, type RawReplyReader, type RespReply } from './resp-parser.js';

/** Where and as whom to connect; the password is only ever sent in AUTH. */
export interface RespEndpoint {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  /** SELECTed after AUTH when set. */
  db?: number;
}

/** TLS material for `rediss://`: file contents, not paths (the CLI reads the files). */
export interface RespTlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** SNI and certificate name to check; defaults to the host when it is a name, not an IP. */
  servername?: string;
  /** Defaults to true; false accepts any certificate (tests, private CAs you cannot pass in). */
  rejectUnauthorized?: boolean;
}

export type RespConnectionState = 'connecting' | 'ready' | 'reconnecting';

export interface RespConnectionOptions {
  endpoint: RespEndpoint;
  /**
   * Where to connect on each attempt, in place of `endpoint`'s host and port (a cluster node
   * that serves a slot now; `hostname`: the name its TLS certificate gives, when `host` is an IP);
   * undefined: not known yet, the attempt counts as failed.
   */
  locate?: () => { host: string; port: number; hostname?: string } | undefined;
  tls?: RespTlsOptions;
  /** CLIENT SETNAME value; already validated. */
  name?: string;
  backoff?: BackoffOptions;
  /** Longest wait for connect plus handshake before trying again (default 5,000 ms). */
  connectTimeoutMs?: number;
  /** After every change of `state` or `error`. */
  onChange(): void;
  /** The handshake is done: commands may be written. */
  onReady(): void;
  /** A ready connection went away (`reason`: one line, redacted); replies to what was written on it will never come. */
  onLost(reason: string): void;
  /** Each reply after the handshake, in order (pub/sub messages excepted). */
  onReply(reply: RespReply): void;
  /** Each pub/sub message (payload: bytes [start, end) of `bytes`); a property, so it is handed to the parser as is (no extra call per message). */
  onMessage: (channel: string, bytes: Buffer, start: number, end: number) => void;
  /** After each socket chunk was parsed, so per-reply work can be settled once per chunk. */
  onChunkEnd?(): void;
  /** Asked as each reply after the handshake starts: a reader of its raw bytes, which then gets it in place of `onReply` (see RespParserHandlers.claim). */
  claim?(): RawReplyReader | undefined;
}

/**
 * One RESP2 connection that reconnects forever with capped, jittered backoff. Each attempt
 * connects (TCP or TLS), pipelines AUTH / SELECT / CLIENT SETNAME / PING and becomes ready when
 * all of them succeeded; a refused handshake counts as a failed attempt.
 */
export class RespConnection {
  state: RespConnectionState = 'connecting';
  /** Last connection error, one line, credentials masked. */
  error: string | undefined;
  #opts: RespConnectionOptions;
  #secrets: string[];
  #socket: Socket | undefined;
  #parser: RespParser;
  #handshakeLeft = 0;
  #retries = 0;
  #timer: NodeJS.Timeout | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  // Why the current attempt's handshake was refused; replies after a refusal are ignored.
  #handshakeFailure: string | undefined;
  #released = false;
  // Host and port of the current attempt (differs from the endpoint's when `locate` is given).
  #target: { host: string; port: number } | undefined;
  // Set by `reroute` so the close it causes is followed by an attempt at once, not after a backoff.
  #rerouting = false;

  constructor(opts: RespConnectionOptions) {
    this.#opts = opts;
    this.#secrets = opts.endpoint.password === undefined ? [] : [opts.endpoint.password];
    this.#parser = new RespParser({
      onReply: (reply) => this.#onReply(reply),
      onMessage: opts.onMessage,
      ...(opts.claim !== undefined
        ? {
            claim: () =>
              this.#handshakeLeft === 0 && this.#handshakeFailure === undefined ? opts.claim?.() : undefined,
          }
        : {}),
    });
    this.#attempt();
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /**
   * Writes bytes on the ready connection; false when not ready (the bytes are not kept).
   * `written` is called once the socket no longer needs `data` (written, or failed with the
   * connection); only then may the caller reuse its memory.
   */
  write(data: Buffer, written?: () => void): boolean {
    if (this.state !== 'ready' || this.#socket === undefined) return false;
    this.#socket.write(data, written);
    return true;
  }

  /**
   * Where `locate` points may have changed (a failover, a moved slot): a live connection to
   * another place is dropped (`onLost`) and made again there at once; one waiting to retry
   * retries now. With `force`, a live connection to the same place is dropped too and made again
   * after the usual backoff (the node refused something that a fresh handshake may fix, such as
   * a subscribe during a failover). Nothing happens without `locate`.
   */
  reroute(force = false): void {
    const locate = this.#opts.locate;
    if (locate === undefined || this.#released) return;
    const next = locate();
    if (next === undefined) return;
    const same = this.#target !== undefined && next.host === this.#target.host && next.port === this.#target.port;
    if (this.#socket !== undefined) {
      if (same && !force) return;
      this.#rerouting = !same;
      this.#socket.destroy(
        new Error(same ? 'the node refused a command; connecting again' : `slot moved to ${next.host}:${next.port}`),
      );
      return;
    }
    if (this.#timer === undefined || same) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#attempt();
  }

  /** Stops reconnecting; ends a live connection gracefully (bounded to 1 s), then destroys it. */
  async close(): Promise<void> {
    this.#released = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#connectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), 1_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.state === 'ready') socket.end(encodeCommand(['QUIT']));
      else socket.destroy();
    });
  }

  #attempt(): void {
    this.#timer = undefined;
    const { endpoint, tls } = this.#opts;
    const target = this.#opts.locate === undefined ? endpoint : this.#opts.locate();
    if (target === undefined) {
      // No state change to announce (this may run inside the constructor): the state is already
      // connecting or reconnecting.
      this.error = 'no node serves this slot yet';
      this.#timer = setTimeout(() => this.#attempt(), backoffDelay(this.#retries++, this.#opts.backoff));
      return;
    }
    this.#target = { host: target.host, port: target.port };
    const socket = endpoint.tls
      ? tlsConnect({
          host: target.host,
          port: target.port,
          ca: tls?.ca,
          cert: tls?.cert,
          key: tls?.key,
          servername:
            tls?.servername ??
            (isIP(target.host) === 0 ? target.host : 'hostname' in target ? target.hostname : undefined),
          rejectUnauthorized: tls?.rejectUnauthorized ?? true,
        })
      : netConnect({ host: target.host, port: target.port });
    this.#socket = socket;
    this.#parser.reset();
    this.#handshakeFailure = undefined;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    let failure: string | undefined;
    this.#connectTimer = setTimeout(() => {
      failure = 'timed out connecting';
      socket.destroy();
    }, this.#opts.connectTimeoutMs ?? 5_000);
    socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => this.#handshake(socket));
    socket.on('data', (chunk: Buffer) => {
      if (this.#socket !== socket) return;
      try {
        this.#parser.feed(chunk);
      } catch (err) {
        failure = describeError(err);
        socket.destroy();
        return;
      }
      this.#opts.onChunkEnd?.();
    });
    socket.on('error', (err) => {
      failure ??= describeError(err);
    });
    socket.on('close', () => {
      clearTimeout(this.#connectTimer);
      if (this.#socket !== socket || this.#released) return;
      this.#socket = undefined;
      const wasReady = this.state === 'ready';
      failure ??=
        this.#handshakeFailure ??
        (wasReady ? 'connection closed by the server' : 'connection closed during the handshake');
      if (wasReady) this.#opts.onLost(redactSecrets(failure, this.#secrets));
      this.#set('reconnecting', failure);
      const now = this.#rerouting;
      this.#rerouting = false;
      this.#timer = setTimeout(() => this.#attempt(), now ? 0 : backoffDelay(this.#retries++, this.#opts.backoff));
    });
  }

  #handshake(socket: Socket): void {
    const { endpoint, name } = this.#opts;
    const commands: Array<Array<string>> = [];
    if (endpoint.password !== undefined) {
      commands.push(
        endpoint.username === undefined ? ['AUTH', endpoint.password] : ['AUTH', endpoint.username, endpoint.password],
      );
    }
    if (endpoint.db !== undefined && endpoint.db !== 0) commands.push(['SELECT', String(endpoint.db)]);
    if (name !== undefined) commands.push(['CLIENT', 'SETNAME', name]);
    // PING proves the server answers and that we are allowed to talk to it before claiming ready.
    commands.push(['PING']);
    this.#handshakeLeft = commands.length;
    socket.write(Buffer.concat(commands.map(encodeCommand)));
  }

  #onReply(reply: RespReply): void {
    if (this.#handshakeFailure !== undefined) return;
    if (this.#handshakeLeft === 0) {
      this.#opts.onReply(reply);
      return;
    }
    if (reply instanceof RespError) {
      this.#handshakeLeft = 0;
      this.#handshakeFailure = redactSecrets(reply.message, this.#secrets);
      this.#socket?.destroy();
      return;
    }
    if (--this.#handshakeLeft > 0) return;
    clearTimeout(this.#connectTimer);
    this.#retries = 0;
    this.#set('ready', undefined);
    if (!this.#released) this.#opts.onReady();
  }

  #set(state: RespConnectionState, error: string | undefined): void {
    if (this.#released) return;
    this.state = state;
    this.error = error === undefined ? undefined : redactSecrets(error, this.#secrets);
    this.#opts.onChange();
  }
}
