import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getLogger } from './logger';

/**
 * How many requests one connection may have waiting for their answers. HTTP/1.1 lets a client send requests
 * back to back (pipelining) without reading the answers; Node answers them in order, holding every answer in
 * memory until the client reads. Browsers never pipeline, and well-behaved clients that do keep a few in flight.
 */
export const MAX_PIPELINED_REQUESTS = 16;

const unanswered = new WeakMap<Socket, number>();

/**
 * Wraps a request listener so that a connection with more than `max` unanswered requests is closed before any
 * work is done for the excess: one client that writes thousands of requests and never reads can no longer make
 * the server build and buffer thousands of answers.
 */
export function limitPipelining(listener: RequestListener, max = MAX_PIPELINED_REQUESTS): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const waiting = (unanswered.get(socket) ?? 0) + 1;
    unanswered.set(socket, waiting);
    res.once('close', () => {
      unanswered.set(socket, (unanswered.get(socket) ?? 1) - 1);
    });
    if (waiting > max) {
      if (!socket.destroyed) {
        getLogger().warn(
          { remote_address: socket.remoteAddress, unanswered: waiting },
          'closed a connection with too many pipelined requests waiting',
        );
        socket.destroy();
      }
      return;
    }
    listener(req, res);
  };
}
