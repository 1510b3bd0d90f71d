module planton-gen/e2e/golit

go 1.16
