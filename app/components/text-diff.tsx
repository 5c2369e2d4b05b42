import type { DiffOp } from "../../editor/compare/diff.ts";

/**
 * A word diff as running text: deleted words struck through, added words underlined (the
 * browser's <del>/<ins>, which screen readers announce). The lineage page and the "what my
 * opinion changed" view show changes the same way.
 */
export function DiffText({ ops, className = "row-text" }: { ops: DiffOp[]; className?: string }) {
  return (
    <p className={className}>
      {ops.map((op, i) =>
        op.op === "equal" ? (
          <span key={i}>{op.text}</span>
        ) : op.op === "delete" ? (
          <del key={i}>{op.text}</del>
        ) : (
          <ins key={i}>{op.text}</ins>
        ),
      )}
    </p>
  );
}
