/**
 * From the replicas the metrics ask for to the replicas the HPA sets (pkg/controller/podautoscaler
 * horizontal.go normalizeDesiredReplicas and normalizeDesiredReplicasWithBehaviors): the
 * downscale stabilization window over recent recommendations, min/max replicas, the default
 * scale-up limit (double or 4), or spec.behavior's stabilization windows and rate policies;
 * each outcome sets the AbleToScale and ScalingLimited conditions with upstream's reasons.
 * Recommendations and scale events live in the controller's memory, as upstream's do.
 */
import { rfc3339 } from '../clock';

// biome-ignore lint/suspicious/noExplicitAny: HPA objects are free-form JSON
type Json = Record<string, any>;

/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILIZATION_MS = 300_000;

export interface Recommendation {
  replicas: number;
  at: number;
}

export interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

/** What the controller remembers per HPA key between syncs. */
export class AutoscalerMemory {
  readonly recommendations = new Map<string, Recommendation[]>();
  readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  recordInitial(key: string, replicas: number, now: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas, at: now }]);
  }

  /** storeScaleEvent: remembered only when the HPA has a behavior (its policies need them). */
  storeScaleEvent(
    behavior: Json | undefined,
    key: string,
    previous: number,
    next: number,
    now: number,
  ): void {
    if (!behavior) return;
    const up = next > previous;
    const rules = up ? behavior.scaleUp : behavior.scaleDown;
    const map = up ? this.scaleUpEvents : this.scaleDownEvents;
    const longest = Math.max(
      0,
      ...((rules?.policies ?? []) as Json[]).map((p) => p.periodSeconds ?? 0),
    );
    const events = map.get(key) ?? [];
    for (const e of events) if (e.at < now - longest * 1000) e.outdated = true;
    const event = { change: Math.abs(next - previous), at: now, outdated: false };
    const reuse = events.map((e) => e.outdated).lastIndexOf(true);
    if (reuse >= 0) events[reuse] = event;
    else events.push(event);
    map.set(key, events);
  }

  /** Replaces the oldest-out recommendation (or appends) with this one. */
  private record(
    key: string,
    replicas: number,
    now: number,
    old: (r: Recommendation) => boolean,
  ): void {
    const list = this.recommendations.get(key) ?? [];
    const i = list.map(old).lastIndexOf(true);
    if (i >= 0) list[i] = { replicas, at: now };
    else list.push({ replicas, at: now });
    this.recommendations.set(key, list);
  }

  /** stabilizeRecommendation: the highest recommendation of the stabilization window. */
  stabilize(key: string, desired: number, now: number): number {
    const cutoff = now - DOWNSCALE_STABILIZATION_MS;
    let max = desired;
    for (const r of this.recommendations.get(key) ?? [])
      if (r.at >= cutoff && r.replicas > max) max = r.replicas;
    this.record(key, desired, now, (r) => r.at < cutoff);
    return max;
  }

  /** stabilizeRecommendationWithBehaviors */
  stabilizeWithBehaviors(
    key: string,
    current: number,
    desired: number,
    upWindow: number,
    downWindow: number,
    now: number,
  ) {
    const upCutoff = now - upWindow * 1000;
    const downCutoff = now - downWindow * 1000;
    let up = desired;
    let down = desired;
    for (const r of this.recommendations.get(key) ?? []) {
      if (r.at > upCutoff) up = Math.min(r.replicas, up);
      if (r.at > downCutoff) down = Math.max(r.replicas, down);
    }
    let recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    this.record(key, desired, now, (r) => r.at < upCutoff && r.at < downCutoff);
    return desired >= current
      ? {
          recommendation,
          reason: 'ScaleUpStabilized',
          message:
            'recent recommendations were lower than current one, applying the lowest recent recommendation',
        }
      : {
          recommendation,
          reason: 'ScaleDownStabilized',
          message:
            'recent recommendations were higher than current one, applying the highest recent recommendation',
        };
  }

  changeInPeriod(events: ScaleEvent[] | undefined, periodSeconds: number, now: number): number {
    const cutoff = now - periodSeconds * 1000;
    return (events ?? []).filter((e) => e.at > cutoff).reduce((sum, e) => sum + e.change, 0);
  }
}

/** setConditionInList: the transition time moves only when the status does. */
export function setCondition(
  hpa: Json,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  const status0 = (hpa.status ??= {});
  const list: Json[] = (status0.conditions ??= []);
  let existing = list.find((c) => c.type === type);
  if (!existing) {
    existing = { type };
    list.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = rfc3339(now);
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
}

/** convertDesiredReplicasWithRules: min/max and the default scale-up limit (2x, at least 4). */
function withRules(
  current: number,
  desired: number,
  min: number,
  max: number,
): [number, string, string] {
  const scaleUpLimit = Math.max(2 * current, 4);
  let maximum = max;
  let reason = 'TooManyReplicas';
  let message = 'the desired replica count is more than the maximum replica count';
  if (max > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  }
  if (desired < min)
    return [
      min,
      'TooFewReplicas',
      'the desired replica count is less than the minimum replica count',
    ];
  if (desired > maximum) return [maximum, reason, message];
  return [desired, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
}

/** normalizeDesiredReplicas (an HPA without spec.behavior). */
export function normalize(
  memory: AutoscalerMemory,
  hpa: Json,
  key: string,
  current: number,
  desired: number,
  min: number,
  now: number,
): number {
  const stabilized = memory.stabilize(key, desired, now);
  if (stabilized !== desired) {
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
      now,
    );
  } else {
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'ReadyForNewScale',
      'recommended size matches current size',
      now,
    );
  }
  const [replicas, reason, message] = withRules(current, stabilized, min, hpa.spec.maxReplicas);
  setCondition(
    hpa,
    'ScalingLimited',
    replicas === stabilized ? 'False' : 'True',
    reason,
    message,
    now,
  );
  return replicas;
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors */
function rateLimit(
  memory: AutoscalerMemory,
  key: string,
  current: number,
  rules: Json,
  up: boolean,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  // scaling up, the smallest change is the lowest limit; scaling down, the highest
  const pickLow = up === minChange;
  let result = pickLow ? INT32_MAX : INT32_MIN;
  for (const p of (rules.policies ?? []) as Json[]) {
    const added = memory.changeInPeriod(memory.scaleUpEvents.get(key), p.periodSeconds, now);
    const deleted = memory.changeInPeriod(memory.scaleDownEvents.get(key), p.periodSeconds, now);
    const start = current - added + deleted;
    let proposed: number;
    if (up) proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickLow ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors */
export function normalizeWithBehaviors(
  memory: AutoscalerMemory,
  hpa: Json,
  key: string,
  current: number,
  desired: number,
  min: number,
  now: number,
): number {
  const behavior = hpa.spec.behavior;
  const scaleUp = behavior.scaleUp ?? {};
  const scaleDown = behavior.scaleDown ?? {};
  const downWindow = scaleDown.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000;
  const stable = memory.stabilizeWithBehaviors(
    key,
    current,
    desired,
    scaleUp.stabilizationWindowSeconds ?? 0,
    downWindow,
    now,
  );
  if (stable.recommendation !== desired)
    setCondition(hpa, 'AbleToScale', 'True', stable.reason, stable.message, now);
  else
    setCondition(
      hpa,
      'AbleToScale',
      'True',
      'ReadyForNewScale',
      'recommended size matches current size',
      now,
    );

  const target = stable.recommendation;
  let result: [number, string, string] = [
    target,
    'DesiredWithinRange',
    'the desired count is within the acceptable range',
  ];
  const max: number = hpa.spec.maxReplicas;
  if (target > current) {
    const limit = Math.max(rateLimit(memory, key, current, scaleUp, true, now), current);
    const [maximum, reason, message] =
      max > limit
        ? [
            limit,
            'ScaleUpLimit',
            'the desired replica count is increasing faster than the maximum scale rate',
          ]
        : [
            max,
            'TooManyReplicas',
            'the desired replica count is more than the maximum replica count',
          ];
    if (target > maximum) result = [maximum, reason, message];
  } else if (target < current) {
    const limit = Math.min(rateLimit(memory, key, current, scaleDown, false, now), current);
    const [minimum, reason, message] =
      min < limit
        ? [
            limit,
            'ScaleDownLimit',
            'the desired replica count is decreasing faster than the maximum scale rate',
          ]
        : [
            min,
            'TooFewReplicas',
            'the desired replica count is less than the minimum replica count',
          ];
    if (target < minimum) result = [minimum, reason, message];
  }
  const [replicas, reason, message] = result;
  setCondition(hpa, 'ScalingLimited', replicas === target ? 'False' : 'True', reason, message, now);
  return replicas;
}
