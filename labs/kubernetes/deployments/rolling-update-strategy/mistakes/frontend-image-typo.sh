# mistake: a typo in the new tag; with maxUnavailable 0 the four old pods keep serving, but the rollout never ends
# fails: roll-frontend/rolled-out
# message: cannot pull image "nginx:1.227"
kubectl patch deployment frontend --type=merge -p '{"spec":{"minReadySeconds":5,"revisionHistoryLimit":3,"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'
kubectl set image deployment/frontend nginx=nginx:1.227
