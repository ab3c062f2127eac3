import { Receiver } from './receiver';

/** A receiver that answers 200 on `/ok` and 500 on every other path, with no body. */
export const okOrFailReceiver = (): Promise<Receiver> =>
  Receiver.start('127.0.0.1', (req, res) => {
    res.statusCode = req.url === '/ok' ? 200 : 500;
    res.end();
  });
