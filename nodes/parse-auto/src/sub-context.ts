import type { NodeContext, RunScope } from '@sluice/sdk';

/**
 * The scope a format plugin sees when parse-auto runs it: parse-auto's own, with the format
 * plugin's state from its `open`. Built by delegation, so members the contract gains later pass
 * through unchanged.
 */
export function subScope<S>(scope: RunScope<unknown>, state: S): RunScope<S> {
  return Object.assign(Object.create(scope) as RunScope<S>, { state });
}

/** As subScope, per file; whatever port the format plugin emits on, the table leaves on `table`. */
export function subContext<S>(ctx: NodeContext<unknown>, state: S): NodeContext<S> {
  const emit: NodeContext<S>['emit'] = (_port, item, options) => ctx.emit('table', item, options);
  return Object.assign(Object.create(ctx) as NodeContext<S>, { state, emit });
}
