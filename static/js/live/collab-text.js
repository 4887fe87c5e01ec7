// Binds a Y.Text to a <textarea>: local typing becomes Yjs operations; remote operations are
// written into the textarea without moving the caret or the selection relative to the text the
// user is working on, and without ever moving focus.

/** Where `index` ends up after a Yjs delta (an insert exactly at the caret stays after it). */
export function transformIndex(index, delta) {
  let cursor = 0;
  let result = index;
  for (const op of delta) {
    if (cursor > index) break;
    if (op.retain !== undefined) {
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === "string" ? op.insert.length : 1;
      if (cursor < index) result += length;
    } else if (op.delete !== undefined) {
      if (cursor < index) result -= Math.min(op.delete, index - cursor);
      cursor += op.delete;
    }
  }
  return Math.max(0, result);
}

/** The smallest single replacement turning `before` into `after`. With `caret` (where the caret
 * is after the edit) a typed insertion or a deletion is placed where it really happened: next to
 * an equal character the texts alone cannot tell which one is new, and picking the wrong one ties
 * the typist's next keystrokes to someone else's words, so concurrent typing can split them. */
export function diffText(before, after, caret = null) {
  const atCaret = caret === null ? null : diffAtCaret(before, after, caret);
  if (atCaret) return atCaret;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before[start] === after[start]) start += 1;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore -= 1;
    endAfter -= 1;
  }
  return { start, removed: endBefore - start, inserted: after.slice(start, endAfter) };
}

function diffAtCaret(before, after, caret) {
  const grown = after.length - before.length;
  if (grown > 0) {
    const start = caret - grown; // typed or pasted text ends at the caret
    const fits = start >= 0 && after.startsWith(before.slice(0, start)) && after.endsWith(before.slice(start));
    return fits && caret <= after.length ? { start, removed: 0, inserted: after.slice(start, caret) } : null;
  }
  if (grown < 0) {
    const start = caret; // Backspace and Delete both leave the caret where the removed text was
    const fits = before.startsWith(after.slice(0, start)) && before.endsWith(after.slice(start));
    return fits && start <= after.length ? { start, removed: -grown, inserted: "" } : null;
  }
  return null;
}

export class CollabText {
  constructor(textarea, ytext, { readOnly = false } = {}) {
    this.textarea = textarea;
    this.ytext = ytext;
    this.readOnly = readOnly;
    this.onInput = () => this.applyLocalInput();
    this.onRemote = (event, transaction) => {
      if (transaction.origin !== this) this.showRemote(event.delta);
    };
    textarea.value = ytext.toString();
    textarea.disabled = false;
    textarea.readOnly = readOnly;
    textarea.addEventListener("input", this.onInput);
    ytext.observe(this.onRemote);
  }

  applyLocalInput() {
    if (this.readOnly) return;
    const change = diffText(this.ytext.toString(), this.textarea.value, this.textarea.selectionEnd);
    if (change.removed === 0 && change.inserted === "") return;
    this.ytext.doc.transact(() => {
      if (change.removed > 0) this.ytext.delete(change.start, change.removed);
      if (change.inserted) this.ytext.insert(change.start, change.inserted);
    }, this);
  }

  showRemote(delta) {
    const area = this.textarea;
    const focused = document.activeElement === area;
    const start = area.selectionStart;
    const end = area.selectionEnd;
    const direction = area.selectionDirection;
    const scroll = area.scrollTop;
    area.value = this.ytext.toString();
    if (focused) {
      area.setSelectionRange(transformIndex(start, delta), transformIndex(end, delta), direction);
    }
    area.scrollTop = scroll;
  }

  destroy() {
    this.textarea.removeEventListener("input", this.onInput);
    this.ytext.unobserve(this.onRemote);
  }
}
