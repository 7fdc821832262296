// spdx-expression-parse ships no types; this is the shape its README documents.
declare module 'spdx-expression-parse' {
  export type SpdxNode =
    | { license: string; plus?: true; exception?: string }
    | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };
  export default function parse(expression: string): SpdxNode;
}
