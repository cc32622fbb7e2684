# mistake: envFrom names a ConfigMap that does not exist (app-setting); the container is never created
# fails: consume/ready
# message: configmap "app-setting" not found
kubectl create configmap app-settings --from-literal=APP_MODE=production --from-literal=APP_COLOR=blue --from-literal=MAX_CONNECTIONS=50
echo "Welcome to the staging shop" > ~/welcome.txt
kubectl create configmap app-messages --from-file=$HOME/welcome.txt
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: env-demo
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "env | sort; sleep 3600"]
      envFrom:
        - configMapRef:
            name: app-setting
      env:
        - name: WELCOME_MESSAGE
          valueFrom:
            configMapKeyRef:
              name: app-messages
              key: welcome.txt
YAML
