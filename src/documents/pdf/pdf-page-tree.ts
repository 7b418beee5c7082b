/**
 * Counts the leaves of a PDF's page tree (ISO 32000-1 §7.7.3) by walking it from the catalog's
 * /Pages: /Count is never trusted, since a document can claim any number. The walk is iterative
 * and bounded — a node that is its own ancestor is refused as a loop, and depth, nodes visited and
 * pages are capped — so no page tree, however crafted, can hang it or exhaust memory.
 *
 * A page or /Pages node listed twice in the tree (not a loop) is counted twice: printers print
 * it twice, and qpdf and Ghostscript count it so too.
 *
 *   const pages = await countPageTree(doc, trailer); // 10
 */
import { DocumentError } from '../../errors.js';
import { MAX_PAGES } from '../document-format.js';
import type { PdfDocument } from './pdf-document.js';
import { damaged, nameOf, PdfRef, type PdfDict, type PdfValue } from './pdf-syntax.js';

/** Page trees are a few levels deep; a chain deeper than this is refused. */
const MAX_DEPTH = 1_000;
/** Distinct intermediate (/Pages) nodes, besides the pages themselves. */
const MAX_NODES = 200_000;

interface Visit {
  node: PdfValue;
  depth: number;
  /** Set when leaving a /Pages node: no longer an ancestor; its subtree's page count is known. */
  leaving?: { num: number; pagesBefore: number };
}

const tooLarge = () => new DocumentError('unprintable', `The PDF has more than ${MAX_PAGES} pages.`);

export async function countPageTree(doc: PdfDocument, trailer: PdfDict): Promise<number> {
  const catalog = await doc.resolve(trailer.get('Root'));
  if (!(catalog instanceof Map)) damaged('its trailer names no document catalog (/Root).');
  if (!catalog.has('Pages')) damaged('its document catalog has no page tree (/Pages).');
  const ancestors = new Set<number>();
  // A /Pages node met again (listed twice, not a loop) adds its known count: a crafted tree that
  // lists each level's child twice costs one visit per object, not one per path.
  const subtreePages = new Map<number, number>();
  const stack: Visit[] = [{ node: catalog.get('Pages') ?? null, depth: 0 }];
  let pages = 0;
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    if (visit.leaving) {
      ancestors.delete(visit.leaving.num);
      subtreePages.set(visit.leaving.num, pages - visit.leaving.pagesBefore);
      continue;
    }
    const ref = visit.node instanceof PdfRef ? visit.node.num : null;
    if (ref !== null && ancestors.has(ref)) damaged(`its page tree loops back to object ${ref}.`);
    const known = ref === null ? undefined : subtreePages.get(ref);
    const node = known === undefined ? await doc.resolve(visit.node) : null;
    if (known === undefined && !(node instanceof Map)) {
      damaged(
        `its page tree holds ${ref === null ? 'a value' : `object ${ref}`}, which is not a dictionary.`,
      );
    }
    if (!(node instanceof Map) || nodeKind(node, ref) === 'page') {
      pages += known ?? 1;
      if (pages > MAX_PAGES) throw tooLarge();
      continue;
    }
    if (subtreePages.size >= MAX_NODES || visit.depth >= MAX_DEPTH) {
      throw new DocumentError('unprintable', 'The PDF’s page tree is too large or too deep.');
    }
    const kids = await doc.resolve(node.get('Kids'));
    if (!Array.isArray(kids))
      damaged(`a /Pages node${ref === null ? '' : ` (object ${ref})`} has no /Kids array.`);
    if (ref !== null) {
      ancestors.add(ref);
      stack.push({ node: null, depth: visit.depth, leaving: { num: ref, pagesBefore: pages } });
    }
    if (stack.length + kids.length > MAX_PAGES + MAX_NODES) throw tooLarge();
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] ?? null, depth: visit.depth + 1 });
  }
  return pages;
}

/**
 * /Type /Pages (or no /Type and /Kids) is an intermediate node, /Type /Page (or no /Type and no
 * /Kids) a page — readers accept a missing /Type; any other type does not belong in the tree.
 */
function nodeKind(node: PdfDict, ref: number | null): 'page' | 'pages' {
  const type = nameOf(node.get('Type'));
  if (type === 'Pages' || (type === null && node.has('Kids'))) return 'pages';
  if (type === 'Page' || type === null) return 'page';
  return damaged(`its page tree holds ${ref === null ? 'an object' : `object ${ref}`} of /Type /${type}.`);
}
