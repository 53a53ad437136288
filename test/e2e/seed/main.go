package main

type User struct {
	ID   int
	Name string
}

func createUserV1() User {
	u := User{ID: 1, Name: "Vikash"}
	return u // Returns a VALUE
}

func createUserV2() *User {
	u := User{ID: 2, Name: "Vikash"}
	return &u // Returns a POINTER
}

func main() {
	_ = createUserV1()
	_ = createUserV2()
}
