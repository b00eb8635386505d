'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { KEY_BINDINGS } from './session/key-map';

/** The key map (`?`), as a modal dialog: focus moves into it and back, Escape closes it. */
export function KeyMapDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button type="button" className="button-quiet">
          Keys <kbd>?</kbd>
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content">
          <Dialog.Title>Keys</Dialog.Title>
          <Dialog.Description className="hint">
            Keys do nothing while a text field has focus.
          </Dialog.Description>
          <table className="key-table">
            <tbody>
              {KEY_BINDINGS.map((binding) => (
                <tr key={binding.keys}>
                  <th scope="row">
                    <kbd>{binding.keys}</kbd>
                  </th>
                  <td>{binding.does}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Dialog.Close asChild>
            <button type="button">Close</button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
