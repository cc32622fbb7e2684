# mistake: writes the whole apiVersion (apps/v1) where only the API group was asked for
# fails: discover/deployment-group
# message: does not match
mkdir -p ~/api
echo apps/v1 > ~/api/deployment-group.txt
