# mistake: a typo in the image name; with Recreate the old pods are already gone, so cache is down
# fails: recreate/rolled-out
# message: rediss:7.4
kubectl patch deployment cache -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'
kubectl set image deployment/cache redis=rediss:7.4
