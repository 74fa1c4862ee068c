// The session in the URL: the editor text, options and open panel, as JSON compressed with
// the browser's own deflate-raw and written in base64url after `#s=`. Nothing is sent
// anywhere: the fragment never leaves the machine.

export interface Session {
  lang: "oir" | "c";
  file: string;
  text: string;
  /** "none", "-O" or "custom" (then `passes`). */
  mode: "none" | "-O" | "custom";
  passes: string;
  guardScheme: string;
  tab: string;
  fn: string;
  pass: number;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function encodeSession(s: Session): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  return "s=" + toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")));
}

/** The session in a `#s=…` fragment, or null if there is none or it does not decode. */
export async function decodeSession(hash: string): Promise<Partial<Session> | null> {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (m === null) return null;
  try {
    const bytes = await pipe(fromBase64Url(m[1]!), new DecompressionStream("deflate-raw"));
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof v === "object" && v !== null ? (v as Partial<Session>) : null;
  } catch {
    return null;
  }
}
