package springshop;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Owners through a Spring Data repository: {@code GET /owners/{ownerId}} (throws
 * {@link OwnerNotFoundException} for an unknown id, a 500) and {@code GET /owners?name=...}.
 */
@RestController
public class Owners {
  private final OwnerRepository owners;

  public Owners(OwnerRepository owners) {
    this.owners = owners;
  }

  @GetMapping("/owners/{ownerId}")
  public String owner(@PathVariable("ownerId") int ownerId) {
    return owners.findById(ownerId).map(Owner::name).orElseThrow(() -> new OwnerNotFoundException(ownerId));
  }

  @GetMapping("/owners")
  public String byName(@RequestParam("name") String name) {
    return owners.findByName(name).size() + " owner(s) named " + name;
  }
}
