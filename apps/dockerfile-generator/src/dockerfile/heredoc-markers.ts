/** Instructions that accept here-documents (BuildKit's set). */
export const HEREDOC_KEYWORDS: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD']);

export type HeredocMarker = { name: string; chomp: boolean; expand: boolean };

const MARKER = /^(\d*)<<(-?)([^<].*)$/s;
// The delimiter ends at a shell metacharacter, so `cat <<EOF>out` still names EOF.
const NAME_END = /[\s<>|;&()]/;

/**
 * Splits shell text into words the way BuildKit does for heredoc detection: on
 * unquoted whitespace, keeping quotes and escapes in the words.
 */
function rawWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === escapeChar && quote !== "'" && i + 1 < text.length) {
      word += ch + text.charAt(i + 1);
      i++;
    } else if (quote !== undefined) {
      word += ch;
      if (ch === quote) {
        quote = undefined;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word += ch;
    } else if (/\s/.test(ch)) {
      if (word !== '') {
        words.push(word);
      }
      word = '';
    } else {
      word += ch;
    }
  }
  if (word !== '') {
    words.push(word);
  }
  return words;
}

function unquoteName(rest: string): { name: string; quoted: boolean } {
  let name = '';
  let quoted = false;
  let quote: string | undefined;
  for (const ch of rest) {
    if (quote !== undefined) {
      if (ch === quote) {
        quote = undefined;
      } else {
        name += ch;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoted = true;
    } else if (NAME_END.test(ch)) {
      break;
    } else {
      name += ch;
    }
  }
  return { name, quoted };
}

/** The heredoc delimiters announced on an instruction line, in order. */
export function findHeredocMarkers(args: string, escapeChar: string): HeredocMarker[] {
  const markers: HeredocMarker[] = [];
  for (const word of rawWords(args, escapeChar)) {
    const match = MARKER.exec(word);
    if (match === null) {
      continue;
    }
    const { name, quoted } = unquoteName(match[3] ?? '');
    if (name !== '') {
      markers.push({ name, chomp: match[2] === '-', expand: !quoted });
    }
  }
  return markers;
}
