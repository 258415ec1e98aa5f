/** The words of a folded message (letters and digits), with their offsets: split once, used by every pass. */
export interface Words {
  text: string[];
  starts: number[];
  ends: number[];
}

/** Letters and digits (folded text is lower case; anything beyond Latin-1 punctuation counts as a letter). */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c >= 0xc0;
}

export function splitWords(folded: string): Words {
  const text: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const word = i < folded.length && isWordChar(folded.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      text.push(folded.slice(start, i));
      starts.push(start);
      ends.push(i);
      start = -1;
    }
  }
  return { text, starts, ends };
}
