# mistake: sets maxSurge but leaves maxUnavailable at its default of 25% (one pod of four)
# fails: rolling-params/max-unavailable
# message: is 25%, expected one of 0, 0%
kubectl patch deployment frontend --type=merge -p '{"spec":{"minReadySeconds":5,"revisionHistoryLimit":3,"strategy":{"rollingUpdate":{"maxSurge":1}}}}'
