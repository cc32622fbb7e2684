# mistake: writes the password into the pod as a literal value instead of reading it from the Secret
# fails: secret/env
# message: secretKeyRef
kubectl -n hccda create secret generic db-secret --from-literal=DB_PASSWORD='Huawei@123'
kubectl -n hccda run db-client --image=busybox:1.36 --env=DB_PASSWORD='Huawei@123' -- sleep 3600
