import { type ReactNode, useRef, useState } from 'react';

/** Two panes side by side with a draggable divider; stacked on narrow screens (CSS). */
export function SplitPane({ left, right }: { left: ReactNode; right: ReactNode }) {
  const [percent, setPercent] = useState(42);
  const box = useRef<HTMLDivElement>(null);
  const drag = (e: React.PointerEvent) => {
    const el = box.current;
    if (!el) return;
    (e.target as Element).setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const rect = el.getBoundingClientRect();
      setPercent(Math.min(75, Math.max(20, ((ev.clientX - rect.left) / rect.width) * 100)));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <div className="split" ref={box} style={{ ['--left' as string]: `${percent}%` }}>
      <div className="split-left">{left}</div>
      <button
        type="button"
        className="split-divider"
        aria-label="Resize"
        onPointerDown={drag}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') setPercent((p) => Math.max(20, p - 2));
          if (e.key === 'ArrowRight') setPercent((p) => Math.min(75, p + 2));
        }}
      />
      <div className="split-right">{right}</div>
    </div>
  );
}
