kubectl get pods --show-labels
# add, change, remove
kubectl label pod api-1 api-2 team=payments
kubectl label pod cache-1 tier=cache --overwrite
kubectl label pod report-1 temp-
kubectl get pods -L app,tier,env,team
# select
mkdir -p ~/selected
kubectl get pods -l 'app=shop,env=prod' -o name > ~/selected/prod-shop.txt
kubectl get pods -l 'env in (staging,dev),tier' -o name > ~/selected/staging-or-dev.txt
kubectl get pods -l 'tier notin (backend)' -o name > ~/selected/not-backend.txt
# a Service that selects the frontend pods
kubectl create service clusterip shop-frontend --tcp=80:80
kubectl set selector service shop-frontend 'app=shop,tier=frontend'
kubectl get endpointslices -l kubernetes.io/service-name=shop-frontend
