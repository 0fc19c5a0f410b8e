import WebSocket from 'ws';
import { TransportError } from './transport-error';

export interface OpenSocketOptions {
  readonly maxPayload: number;
  /** Deadline for TCP connect plus the WebSocket handshake. */
  readonly timeoutMs: number;
}

/**
 * Open a WebSocket to `url`. Rejects with TRANSPORT_CONNECT_FAILED; `data.errno` holds the system
 * code (ECONNREFUSED: nothing listens) and `data.status` the HTTP status when something that is
 * not a WebSocket server answered.
 */
export function openSocket(url: string, options: OpenSocketOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      maxPayload: options.maxPayload,
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs,
    });
    let status: number | undefined;
    const cleanup = (): void => {
      ws.off('open', onOpen);
      ws.off('error', onError);
      ws.off('unexpected-response', onUnexpected);
    };
    const onOpen = (): void => {
      cleanup();
      // From here on the Link listens; an error event without a listener would throw.
      ws.on('error', () => undefined);
      resolve(ws);
    };
    const onError = (e: Error & { code?: string }): void => {
      cleanup();
      ws.on('error', () => undefined);
      ws.terminate();
      const data = {
        url,
        ...(e.code !== undefined ? { errno: e.code } : {}),
        ...(status !== undefined ? { status } : {}),
      };
      reject(
        new TransportError('TRANSPORT_CONNECT_FAILED', `cannot connect to ${url}: ${e.code ?? e.message}`, {
          data,
          cause: e,
        }),
      );
    };
    const onUnexpected = (_req: unknown, res: { statusCode?: number }): void => {
      status = res.statusCode;
      // Plain: onError wraps it into TRANSPORT_CONNECT_FAILED with data.status.
      onError(new Error(`the server answered HTTP ${res.statusCode ?? '?'} instead of a WebSocket handshake`));
    };
    ws.on('open', onOpen);
    ws.on('error', onError);
    ws.on('unexpected-response', onUnexpected);
  });
}
