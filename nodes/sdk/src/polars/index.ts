export * from './batch-table-item.ts';
export * from './literal-column.ts';
export * from './lookup-column.ts';
export { col } from './native-expr.ts';
