# mistake: autoscales a Deployment whose pods have no CPU request, so the HPA cannot compute a utilization
# fails: autoscale/metrics-valid
# message: is FailedGetResourceMetric, expected ValidMetricFound
kubectl create deployment php-apache --image=registry.k8s.io/hpa-example --port=80
kubectl expose deployment php-apache --port=80
kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=5
