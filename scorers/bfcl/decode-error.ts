/** A model output that the official decoder would fail on (`ast_decoder:decoder_failed`). */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
