/** Draws a QR code computed on the server (services/documents/qr.ts) as inline SVG. */
export function QrCode({ qr, label }: { qr: { size: number; d: string }; label: string }) {
  const margin = 4;
  const box = qr.size + margin * 2;
  return (
    <svg
      className="cp-qr"
      viewBox={`${-margin} ${-margin} ${box} ${box}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect x={-margin} y={-margin} width={box} height={box} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}
