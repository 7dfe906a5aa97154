/**
 * Where focus goes when a row's button goes away under it (Cancel, Remove): to the same control
 * of the next row, else of the previous one, else to the drop zone's button, rather than to
 * the page's `<body>`. `order` is the rows' task ids before the action.
 */
export function focusAfter(root: ShadowRoot, order: readonly string[], id: string, action: string): void {
  const at = order.indexOf(id);
  const others = [...order.slice(at + 1), ...order.slice(0, Math.max(0, at)).reverse()];
  for (const other of others) {
    const button = root.querySelector<HTMLButtonElement>(`[data-task="${CSS.escape(other)}"] [data-action="${action}"]`);
    if (button !== null && !button.disabled) {
      button.focus();
      return;
    }
  }
  root.querySelector<HTMLButtonElement>('[part~="drop-zone"] button')?.focus();
}

/** The task id of the row holding focus, if any. */
export function focusedRow(root: ShadowRoot): string | undefined {
  return root.activeElement?.closest<HTMLElement>('[data-task]')?.dataset.task;
}
