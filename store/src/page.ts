/** One page of a listing, with the total so that a client can draw a pager. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
