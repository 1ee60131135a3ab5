/** A promise the test resolves when it chooses: holds a transaction (or a hold of the lock) open until then. */
export function testGate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
